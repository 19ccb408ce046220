/**
 * A task's step arguments: free form expanded, `args:` merged in, and every argument checked
 * against the step's schema, each issue pointed at the exact YAML node it is about.
 */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { PyFloat, plainNumber } from '../python/py-number.js';
import { UnsafeText } from '../python/unsafe-text.js';
import type { StepDefinition } from '../steps/step.js';
import { describeValue } from '../validate/describe.js';
import { validateStepArgs } from '../validate/validate-step-args.js';
import { keyValueArgs } from './key-value-args.js';
import { deref, type LoadContext, plain } from './load-context.js';

/** Where the arguments were written: the step's own value and the optional `args:` keyword. */
export interface ArgSources {
  stepKeyNode: unknown;
  stepValueNode: unknown;
  argsNode?: unknown;
}

/** The step's arguments as the run will see them, or undefined when they could not be read. */
export function loadStepArgs(ctx: LoadContext, step: StepDefinition, at: ArgSources): Record<string, unknown> | undefined {
  const own = ownArgs(ctx, step, at);
  if (!own) return undefined;
  const extra = at.argsNode === undefined ? {} : (plain(ctx, at.argsNode) as Record<string, unknown>);
  const args = { ...extra, ...own };
  const issues = validateStepArgs(step, forValidation(args) as Record<string, unknown>);
  for (const issue of issues) {
    const node = locate(ctx, at, issue.path, issue.code === 'UNKNOWN_ARGUMENT');
    ctx.problems.add(ctx.source.problemAt(node, issue.code, `${step.name}: ${issue.message}`, issue.hint));
  }
  if (issues.length === 0 && step.loadCheck) {
    for (const issue of step.loadCheck(args, ctx.playbookDir, ctx.role?.role.path)) {
      ctx.problems.add(ctx.source.problemAt(locate(ctx, at, issue.path, false), issue.code, `${step.name}: ${issue.message}`, issue.hint));
    }
  }
  return args;
}

function ownArgs(ctx: LoadContext, step: StepDefinition, at: ArgSources): Record<string, unknown> | undefined {
  const node = deref(ctx, at.stepValueNode);
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return {};
  if (isMap(node)) return plain(ctx, node) as Record<string, unknown>;
  const value = plain(ctx, node);
  if (isScalar(node) && (typeof value === 'string' || value instanceof UnsafeText)) {
    if (step.freeForm) return { [step.freeForm]: value };
    // Ansible's one-line form: `debug: msg=hello`.
    const kv = typeof value === 'string' ? keyValueArgs(value, step.schema) : { error: 'the text is marked !unsafe' };
    if ('args' in kv) return kv.args;
    ctx.problems.add(
      ctx.source.problemAt(
        node,
        'FREE_FORM_NOT_ALLOWED',
        `${step.name} takes no free-form text, and ${kv.error}`,
        `give its arguments as a mapping or as \`key=value\` words; see \`certbook steps ${step.name}\``,
      ),
    );
    return undefined;
  }
  ctx.problems.add(
    ctx.source.problemAt(
      node,
      'WRONG_TYPE',
      `${step.name} expects a mapping of arguments, got ${describeValue(value)}`,
      step.freeForm
        ? `write \`${step.name}: TEXT\` or \`${step.name}: { ${step.freeForm}: TEXT }\``
        : `see \`certbook steps ${step.name}\``,
    ),
  );
  return undefined;
}

/** The node an argument issue is about: the key itself for unknown arguments, else the value. */
function locate(ctx: LoadContext, at: ArgSources, path: ReadonlyArray<string | number>, pointAtKey: boolean): unknown {
  for (const container of [deref(ctx, at.stepValueNode), deref(ctx, at.argsNode)]) {
    if (!isMap(container) || path.length === 0) continue;
    const first = path[0]!;
    if (!container.has(first)) continue;
    if (pointAtKey && path.length === 1) return keyNode(container, String(first));
    const found = container.getIn(path as Array<string | number>, true) as Node | undefined;
    return found ?? container;
  }
  // Issues about the whole argument map (a missing argument) point at the step's name.
  return at.stepKeyNode;
}

function keyNode(map: YAMLMap, key: string): unknown {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key)?.key ?? map;
}

/** `!unsafe` text validates as the string it is. */
function forValidation(value: unknown): unknown {
  if (value instanceof UnsafeText) return value.text;
  // Steps take JavaScript numbers (plainData at run time does the same): `1.0` is 1 here.
  if (value instanceof PyFloat || typeof value === 'bigint') return plainNumber(value);
  if (Array.isArray(value)) return value.map(forValidation);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forValidation(v)]));
  }
  return value;
}
