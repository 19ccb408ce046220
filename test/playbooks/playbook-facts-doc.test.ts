/**
 * docs/playbook-facts.md is the interface between the k3s playbooks' task files: every `cb_`
 * fact set in one playbook file and read in another must be listed there, and every fact it
 * lists must still exist. Read from the YAML text (names, not semantics): a fact is set by a
 * `cb_x:` key (set_fact, vars, vars/k3s-defaults.yaml) or `register: cb_x`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../../src/package-root.js';

const PLAYBOOKS = join(PACKAGE_ROOT, 'playbooks');
const FILES = ['', 'tasks', 'vars'].flatMap((dir) =>
  readdirSync(join(PLAYBOOKS, dir))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f)),
);
const DOC = readFileSync(join(PACKAGE_ROOT, 'docs', 'playbook-facts.md'), 'utf8');

/** Per fact: the files that set it and the files that mention it outside comments. */
function facts(): Map<string, { set: Set<string>; used: Set<string> }> {
  const out = new Map<string, { set: Set<string>; used: Set<string> }>();
  const entry = (name: string): { set: Set<string>; used: Set<string> } =>
    out.get(name) ?? out.set(name, { set: new Set(), used: new Set() }).get(name)!;
  for (const file of FILES) {
    for (const line of readFileSync(join(PLAYBOOKS, file), 'utf8').split('\n')) {
      if (/^\s*#/.test(line)) continue;
      const set = /^\s*(?:register:\s*)?(cb_[a-z0-9_]+):?/.exec(line);
      if (set && (/^\s*register:/.test(line) || /^\s*cb_[a-z0-9_]+:/.test(line))) entry(set[1]!).set.add(file);
      for (const m of line.matchAll(/\bcb_[a-z0-9_]+/g)) entry(m[0]).used.add(file);
    }
  }
  return out;
}

test('every fact shared between playbook files is in docs/playbook-facts.md', () => {
  const missing = [...facts()]
    .filter(([, f]) => f.set.size > 0 && [...f.used].some((file) => !f.set.has(file)))
    .map(([name]) => name)
    .filter((name) => !DOC.includes(`\`${name}\``));
  assert.deepEqual(missing, [], 'add them to docs/playbook-facts.md');
});

test('every fact docs/playbook-facts.md lists still exists', () => {
  const known = facts();
  const listed = [...DOC.matchAll(/`(cb_[a-z0-9_]+)`/g)].map((m) => m[1]!);
  assert.ok(listed.length >= 30, `${listed.length} facts listed`);
  assert.deepEqual(
    listed.filter((name) => !known.get(name)?.set.size),
    [],
    'facts no playbook sets any more',
  );
});
