/**
 * A YAML text read again under the same name is not parsed again (src/yaml/source-file.ts):
 * check-expiry's three plays name the same vars files, and task files are imported in several
 * places. What a reader sees does not change: the same problems, positions in the right file,
 * its own copy of the data, and an edited file read afresh.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { parseSource, readSource } from '../../src/yaml/source-file.js';
import { tempDir } from '../harness/temp-dir.js';

test('the same text under the same name is parsed once; its problems are reported to every reader', () => {
  const text = 'a: 1\na: 2\n';
  const first = new ProblemList();
  const second = new ProblemList();
  const one = parseSource('vars.yaml', text, first);
  const again = parseSource('vars.yaml', text, second);
  assert.equal(one, undefined);
  assert.equal(again, undefined);
  assert.deepEqual(second.items, first.items);
  assert.deepEqual(
    first.items.map((p) => [p.code, p.pos?.file, p.pos?.line, p.pos?.col]),
    [['DUPLICATE_KEY', 'vars.yaml', 2, 1]],
  );

  const good = 'a: [1, 2]\n';
  const source = parseSource('good.yaml', good, new ProblemList());
  assert.ok(source);
  assert.equal(parseSource('good.yaml', good, new ProblemList()), source, 'not parsed again');
  // Each reader still gets its own data.
  const copy = source.toJS(new ProblemList()) as { a: number[] };
  copy.a.push(3);
  assert.deepEqual(source.toJS(new ProblemList()), { a: [1, 2] });
});

test('another text, or the same text under another name, is parsed for itself', () => {
  const source = parseSource('same.yaml', 'x: 1\n', new ProblemList());
  const edited = parseSource('same.yaml', 'x: 2\n', new ProblemList());
  assert.deepEqual(edited?.toJS(new ProblemList()), { x: 2 });
  const elsewhere = parseSource('other.yaml', 'x: 1\n', new ProblemList());
  assert.notEqual(elsewhere, source);
  assert.equal(elsewhere?.positionOf(elsewhere.doc.contents).file, 'other.yaml');
});

test('a file edited between two loads is read as it is now', () => {
  const dir = tempDir('certbook-parse-once-');
  const path = join(dir, 'vars.yaml');
  writeFileSync(path, 'port: 1\n');
  assert.deepEqual(readSource(path, new ProblemList())?.toJS(new ProblemList()), { port: 1 });
  writeFileSync(path, 'port: [\n');
  const problems = new ProblemList();
  assert.equal(readSource(path, problems), undefined);
  assert.equal(problems.items[0]?.code, 'YAML_SYNTAX');
});

test('a broken vars file named by three plays is one problem, at its place, as before', () => {
  const dir = tempDir('certbook-parse-once-');
  writeFileSync(join(dir, 'vars.yaml'), 'warn: 1\nwarn: 2\n');
  const play = (name: string) => `- name: ${name}\n  hosts: all\n  vars_files: [vars.yaml]\n  tasks: []\n`;
  writeFileSync(join(dir, 'site.yaml'), ['one', 'two', 'three'].map(play).join(''));
  const problems = new ProblemList();
  loadPlaybook(join(dir, 'site.yaml'), problems);
  assert.deepEqual(
    problems.items.map((p) => [p.code, p.pos?.file, p.pos?.line, p.sourceLine]),
    [['DUPLICATE_KEY', 'vars.yaml', 2, 'warn: 2']],
  );
});
