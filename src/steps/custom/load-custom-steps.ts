/**
 * The team's own steps: `.js`/`.mjs` files (and `.ts`/`.mts` when tsx can be loaded) in
 * `steps/` beside the playbook, in every `--steps-path` directory and in `CERTBOOK_STEPS_PATH`
 * (`:`-separated, like ANSIBLE_LIBRARY). Each file exports a step (`export default` or
 * `export const step`); its schema is compiled here, so every task using it is checked before
 * any host is contacted, like the built-in steps. A file that cannot be loaded, exports no
 * step, or whose schema does not compile is a BAD_STEP_FILE problem naming the file.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProblemList } from '../../errors/problem.js';
import { compiled } from '../../validate/ajv.js';
import { STEPS } from '../registry.js';
import type { StepDefinition } from '../step.js';
import type { StepContext, StepResult } from '../step-run.js';

/** What a step file exports (see docs/custom-steps.md). */
export interface CustomStep {
  /** The name tasks use: lower case letters, digits and `_`; never a built-in step's name. */
  name: string;
  /** One line for `certbook steps`. */
  summary: string;
  /** Longer text for `certbook steps NAME`; the summary when absent. */
  description?: string;
  /** JSON Schema (draft-07) of the arguments; `sensitive: true` on a property redacts its value everywhere. */
  schema: Record<string, unknown>;
  /** Whether `run` honours `ctx.check` (changes nothing, says what would change). When false, check mode skips the task. */
  supportsCheckMode: boolean;
  /** What `changed: true` means. */
  changed?: string;
  /** What the step registers, field by field. */
  returns?: Record<string, string>;
  /** Runs the step on one host, with the same host interface as the built-in steps. */
  run(args: Record<string, unknown>, ctx: StepContext): Promise<StepResult>;
}

const STEP_FILE = /\.(m?js|m?ts)$/;
const STEP_NAME = /^[a-z][a-z0-9_]*$/;

/** The directories to look in, in order: `steps/` beside the playbook, `--steps-path`, then the environment's. */
export function customStepDirs(playbookDir: string, stepsPath: readonly string[], env: string | undefined): string[] {
  const dirs = [join(playbookDir, 'steps'), ...stepsPath, ...(env ?? '').split(':').filter(Boolean)];
  return [...new Set(dirs.map((d) => resolve(d)))].filter(isDirectory);
}

/** Loads every step file of `dirs`; problems are recorded, good steps returned (a name seen twice is a problem). */
export async function loadCustomSteps(dirs: readonly string[], problems: ProblemList): Promise<StepDefinition[]> {
  const found = new Map<string, { step: StepDefinition; file: string }>();
  for (const dir of dirs) {
    for (const entry of readdirSync(dir)
      .filter((f) => STEP_FILE.test(f) && !f.endsWith('.d.ts'))
      .sort()) {
      const file = join(dir, entry);
      const bad = (message: string, hint: string) => problems.add({ code: 'BAD_STEP_FILE', message: `${file}: ${message}`, hint });
      const loaded = await importStepFile(file).catch((error: unknown): { error: unknown; hint?: string } => ({ error }));
      if ('error' in loaded) {
        bad(`cannot be loaded: ${firstLine(loaded.error)}`, loaded.hint ?? 'run it with `node --check FILE` to see the syntax error');
        continue;
      }
      const exported = (loaded.module.default ?? loaded.module.step) as Partial<CustomStep> | undefined;
      const why = shapeProblem(exported);
      if (why) {
        bad(why, 'export the step as `export default { name, summary, schema, supportsCheckMode, run }` (docs/custom-steps.md)');
        continue;
      }
      const step = exported as CustomStep;
      if (STEPS.has(step.name)) {
        bad(`defines \`${step.name}\`, the name of a built-in step`, 'give your step a name of its own (a prefix such as `team_` helps)');
        continue;
      }
      const earlier = found.get(step.name);
      if (earlier) {
        bad(
          `defines \`${step.name}\`, already defined by ${earlier.file}`,
          'a step name may be defined once across steps/, --steps-path and CERTBOOK_STEPS_PATH',
        );
        continue;
      }
      try {
        compiled(step.schema);
      } catch (error) {
        bad(
          `its schema does not compile: ${firstLine(error)}`,
          'a step schema is JSON Schema draft-07: `type: object`, `properties`, `required`, `additionalProperties: false`',
        );
        continue;
      }
      found.set(step.name, { step: definitionOf(step, file), file });
    }
  }
  return [...found.values()].map((f) => f.step);
}

async function importStepFile(file: string): Promise<{ module: Record<string, unknown> } | { error: unknown; hint?: string }> {
  const url = pathToFileURL(file).href;
  if (!/\.m?ts$/.test(extname(file))) return { module: (await import(url)) as Record<string, unknown> };
  // TypeScript needs tsx, which an installed certbook running from dist/ may not have.
  let tsImport: ((specifier: string, parent: string) => Promise<unknown>) | undefined;
  try {
    ({ tsImport } = (await import('tsx/esm/api')) as { tsImport: typeof tsImport });
  } catch {
    return {
      error: new Error('a .ts step file needs tsx, which cannot be loaded here'),
      hint: 'compile the step to .js (or .mjs), or install tsx beside certbook',
    };
  }
  return { module: (await tsImport!(url, import.meta.url)) as Record<string, unknown> };
}

function shapeProblem(step: Partial<CustomStep> | undefined): string | undefined {
  if (!step || typeof step !== 'object') return 'exports no step (neither `export default` nor `export const step`)';
  if (typeof step.name !== 'string' || !STEP_NAME.test(step.name))
    return 'the step has no valid `name` (lower case letters, digits and `_`)';
  if (typeof step.summary !== 'string' || !step.summary) return `\`${step.name}\` has no \`summary\``;
  if (!step.schema || typeof step.schema !== 'object' || step.schema.type !== 'object')
    return `\`${step.name}\`'s \`schema\` is not an object schema (\`type: object\`)`;
  if (typeof step.supportsCheckMode !== 'boolean')
    return `\`${step.name}\` does not say whether it supports check mode (\`supportsCheckMode: true|false\`)`;
  if (typeof step.run !== 'function') return `\`${step.name}\` has no \`run\` function`;
  return undefined;
}

/** The built-in steps' definition for a custom step; check mode skips a step that cannot honour it. */
function definitionOf(step: CustomStep, file: string): StepDefinition {
  return {
    name: step.name,
    summary: step.summary,
    description: `${step.description ?? step.summary}\n\nThe project's own step, from ${file}.`,
    schema: step.schema as StepDefinition['schema'],
    checkMode: step.supportsCheckMode
      ? 'Supported: reports what would change and changes nothing.'
      : 'Not supported: the task is skipped under --check.',
    changed: step.changed ?? 'As the step reports it.',
    returns: step.returns ?? {},
    examples: [],
    custom: file,
    run: async (args, ctx) =>
      ctx.check && !step.supportsCheckMode
        ? { changed: false, skipped: true, msg: 'this step does not support check mode' }
        : step.run(args, ctx),
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
