/**
 * The known k3s bugs table (playbooks/vars/k3s-known-bugs.yaml) and RKE2's
 * (playbooks/vars/rke2-known-bugs.yaml): their shape, and for every entry
 * a release inside each range and one just outside it, matched both by the playbooks' own
 * matcher (the Jinja of tasks/k3s-facts.yaml, rendered here as the playbook renders it) and by
 * the simulator's (src/simulator/k3s-known-bugs.ts): the two must agree with the table.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../src/package-root.js';
import { type KnownBug, knownBugs, rangeCovers } from '../../src/simulator/k3s-known-bugs.js';
import { type Program, parseK3sVersion } from '../../src/simulator/k3s-version.js';
import { renderTemplate } from '../../src/template/render.js';

const ACTIONS = new Set(['restart-agent', 'reissue-serving', 'rotate-supervisor']);

/** The playbook's matcher: the `cb_bug_ids_by_version` expression of tasks/k3s-facts.yaml. */
const matcher: string = (() => {
  const tasks = parse(readFileSync(join(PACKAGE_ROOT, 'playbooks', 'tasks', 'k3s-facts.yaml'), 'utf8')) as Array<
    Record<string, Record<string, string>>
  >;
  const task = tasks.find((t) => t.set_fact?.cb_bug_ids_by_version !== undefined);
  assert.ok(task, 'k3s-facts.yaml sets cb_bug_ids_by_version');
  return task.set_fact!.cb_bug_ids_by_version!;
})();

/** The bug ids the playbook matches for `version` (e.g. `1.23.4`) on a server or an agent, from `program`'s table. */
function matches(version: string, server: boolean, program: Program = 'k3s'): string[] {
  const text = renderTemplate(matcher, { cb_bug_table: knownBugs(program), cb_is_server: server, cb_version_number: version });
  return String(text).split(/\s+/).filter(Boolean);
}

/** The patch before `first_bad` (none when it is .0) and `first_fixed` itself. */
function outside(range: KnownBug['affected'][number]): string[] {
  const [major, minor, patch] = range.first_bad.split('.').map(Number);
  return [...(patch! > 0 ? [`${major}.${minor}.${patch! - 1}`] : []), ...(range.first_fixed ? [range.first_fixed] : [])];
}

for (const program of ['k3s', 'rke2'] as const)
  describe(`${program} known bugs table`, () => {
    const bugs = knownBugs(program);
    const suffix = program === 'rke2' ? '+rke2r1' : '+k3s1';
    const playbookMatches = (version: string, server: boolean): string[] => matches(version, server, program);

    test('every entry has the fields the playbooks and the README use', () => {
      assert.ok(bugs.length >= 3);
      assert.equal(new Set(bugs.map((b) => b.id)).size, bugs.length, 'ids are unique');
      for (const b of bugs) {
        assert.match(b.id, /^[a-z][a-z0-9-]+$/, b.id);
        assert.ok(b.title.length > 10 && b.remedy.length > 10, b.id);
        assert.ok(b.refs.length > 0 && b.refs.every((r) => /^(k3s|rke2)#\d+$/.test(r)), `${b.id}: refs ${b.refs.join(' ')}`);
        assert.ok(b.nodes.length > 0 && b.nodes.every((n) => n === 'server' || n === 'agent'), b.id);
        assert.ok(ACTIONS.has(b.action), `${b.id}: action ${b.action}`);
        assert.equal(new Set(b.affected.map((r) => r.minor)).size, b.affected.length, `${b.id}: one range per minor`);
        for (const r of b.affected) {
          assert.match(r.minor, /^1\.\d+$/, b.id);
          assert.ok(r.first_bad.startsWith(`${r.minor}.`) && /^\d+\.\d+\.\d+$/.test(r.first_bad), `${b.id}: ${r.first_bad}`);
          if (r.first_fixed !== null) {
            assert.ok(r.first_fixed.startsWith(`${r.minor}.`), `${b.id}: ${r.first_fixed}`);
            assert.ok(Number(r.first_fixed.split('.')[2]) > Number(r.first_bad.split('.')[2]), `${b.id}: fixed after it broke`);
          }
        }
      }
    });

    for (const bug of bugs) {
      test(`${bug.id}: matched inside each range, not outside, on its nodes only`, () => {
        for (const r of bug.affected) {
          const inside = [r.first_bad, ...(r.first_fixed ? [`${r.minor}.${Number(r.first_fixed.split('.')[2]) - 1}`] : [`${r.minor}.99`])];
          for (const version of inside) {
            for (const role of ['server', 'agent'] as const) {
              assert.equal(
                playbookMatches(version, role === 'server').includes(bug.id),
                bug.nodes.includes(role),
                `${bug.id} ${version} ${role}`,
              );
            }
            assert.ok(rangeCovers(r, parseK3sVersion(`v${version}${suffix}`)!), `simulator: ${bug.id} ${version}`);
          }
          for (const version of outside(r)) {
            const covered = bug.affected.some((other) => rangeCovers(other, parseK3sVersion(`v${version}`)!));
            assert.equal(covered, false, `simulator: ${bug.id} ${version}`);
            for (const server of [true, false]) assert.ok(!playbookMatches(version, server).includes(bug.id), `${bug.id} ${version}`);
          }
        }
      });
    }

    test('the README lists every entry', () => {
      const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
      for (const b of bugs)
        assert.ok(readme.includes(`| \`${b.id}\`: `) && readme.includes(b.refs[0]!), `README lacks ${b.id} (${b.refs[0]})`);
    });

    test('the same version in another minor line, and an unknown version, match nothing', () => {
      assert.deepEqual(playbookMatches('1.30.2', true), []);
      assert.deepEqual(playbookMatches('1.30.2', false), []);
      assert.deepEqual(playbookMatches('0', true), []);
    });
  });
