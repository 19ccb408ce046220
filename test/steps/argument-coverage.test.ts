/**
 * Step-argument coverage: every argument a step's schema takes is (1) read by the step's run-side
 * code and (2) exercised by a named test. `argument-tests.json` (step → argument → test file,
 * or `untested: why`) is checked both ways against the registry's schemas, so an argument added
 * without a test, or a stale entry, fails here.
 *
 * "Read" is checked on the source, not by tracing a run: most steps copy their arguments
 * (`withDefaults`) before reading them, which would defeat a Proxy. The run-side source of a step
 * is its file from `run:` on, its own directory (`src/steps/<name>/`) or `<name>-run.ts`, and the shared code
 * named in SHARED; the argument must appear there as a word. (The argument types are derived from the
 * schemas, so no hand-written interface can stand in for a read.)
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { STEPS } from '../../src/steps/registry.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TABLE = JSON.parse(readFileSync(join(import.meta.dirname, 'argument-tests.json'), 'utf8')) as Record<string, Record<string, string>>;
/** Shared code where some steps read their arguments. */
const SHARED: Record<string, string[]> = {
  command: ['src/steps/host-ops/command-exec.ts'],
  shell: ['src/steps/host-ops/command-exec.ts'],
  // `template` writes through copy's plan and run.
  template: ['src/steps/copy/copy-plan.ts', 'src/steps/copy/copy-run.ts'],
  // The certificate steps judge through x509/judging.ts (`valid_at`, `at`, `warn_days`).
  x509_info: ['src/x509/judging.ts'],
  tls_probe: ['src/x509/judging.ts'],
  kube_secret: ['src/x509/judging.ts'],
};

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

function runSource(step: string): string {
  const base = step.replace(/_/g, '-');
  const own = readFileSync(join(ROOT, 'src/steps', `${base}.ts`), 'utf8');
  const fromRun = own.slice(Math.max(0, own.indexOf('\n  run:')));
  const sibling = join(ROOT, 'src/steps', `${base}-run.ts`);
  const files = [
    ...filesUnder(join(ROOT, 'src/steps', base)),
    ...(existsSync(sibling) ? [sibling] : []),
    ...(SHARED[step] ?? []).map((f) => join(ROOT, f)),
  ];
  return [fromRun, ...files.map((f) => readFileSync(f, 'utf8'))].join('\n');
}

const argsOf = (name: string): string[] => Object.keys((STEPS.get(name)!.schema.properties ?? {}) as object).sort();

test("the table lists exactly the registry's steps and each step's schema arguments", () => {
  assert.deepEqual(Object.keys(TABLE).sort(), [...STEPS.keys()].sort());
  for (const name of STEPS.keys()) assert.deepEqual(Object.keys(TABLE[name]!).sort(), argsOf(name), `arguments of ${name}`);
});

test("every argument is read by its step's run-side code", () => {
  const unread: string[] = [];
  for (const name of STEPS.keys()) {
    const source = runSource(name);
    for (const arg of argsOf(name)) if (!new RegExp(`\\b${arg}\\b`).test(source)) unread.push(`${name}.${arg}`);
  }
  assert.deepEqual(unread, [], 'arguments the schema takes and the step never reads');
});

test('every argument names a test that exists and uses it, or says why it has none', () => {
  for (const [name, args] of Object.entries(TABLE)) {
    for (const [arg, where] of Object.entries(args)) {
      if (where.startsWith('untested: ')) {
        assert.ok(where.length > 20, `${name}.${arg}: say why`);
        continue;
      }
      const file = join(ROOT, where);
      assert.ok(existsSync(file), `${name}.${arg}: ${where} does not exist`);
      assert.match(readFileSync(file, 'utf8'), new RegExp(`\\b${arg}\\b`), `${name}.${arg}: ${where} does not use it`);
    }
  }
});
