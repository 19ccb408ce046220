/**
 * `template`'s `trim_blocks`, `lstrip_blocks`, `output_encoding` and `follow`. The rendered files
 * are held byte for byte to what ansible-playbook 2.14 wrote from the same templates
 * (test/fixtures/template-options/, made by its regenerate.sh); a second run changes nothing.
 */
import assert from 'node:assert/strict';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../cli/run-cli.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'template-options');
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'certbook-template-options-'));
  cpSync(join(FIXTURE, 'templates'), join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts:\n    localhost: {ansible_connection: local}\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const run = async (playbook: string, extra: string[] = []): Promise<{ code: number; out: string }> => {
  const r = await runCli(['run', playbook, '-i', join(dir, 'inv.yaml'), '--renderer', 'plain', ...extra], { cwd: dir });
  return { code: r.code, out: r.stdout + r.stderr };
};

test('every option writes the bytes ansible-playbook wrote; the second run changes nothing', async () => {
  cpSync(join(FIXTURE, 'playbook.yml'), join(dir, 'playbook.yml'));
  const out = mkdtempSync(join(dir, 'out-'));
  const first = await run(join(dir, 'playbook.yml'), ['-e', `out_dir=${out}`]);
  assert.equal(first.code, 0, first.out);
  const expected = readdirSync(join(FIXTURE, 'expected')).sort();
  assert.deepEqual(expected, ['both', 'default', 'latin1', 'lstrip', 'notrim', 'utf16']);
  for (const name of expected) assert.deepEqual(readFileSync(join(out, name)), readFileSync(join(FIXTURE, 'expected', name)), name);
  const second = await run(join(dir, 'playbook.yml'), ['-e', `out_dir=${out}`]);
  assert.match(second.out, /localhost +: ok=6 +changed=0 /);
});

test('follow writes where a symbolic link leads and keeps the link; without it the link is replaced by a file', async () => {
  const target = join(dir, 'real.conf');
  const link = join(dir, 'link.conf');
  const other = join(dir, 'other-link.conf');
  writeFileSync(target, 'old\n');
  symlinkSync(target, link);
  symlinkSync(target, other);
  writeFileSync(
    join(dir, 'follow.yml'),
    [
      '- hosts: localhost',
      '  gather_facts: false',
      '  tasks:',
      `    - {template: {src: enc.j2, dest: ${link}, follow: true}, vars: {who: x}}`,
      `    - {template: {src: enc.j2, dest: ${other}}, vars: {who: y}}`,
      '',
    ].join('\n'),
  );
  const r = await run(join(dir, 'follow.yml'));
  assert.equal(r.code, 0, r.out);
  assert.equal(readlinkSync(link), target, 'the followed link is still a link');
  assert.equal(readFileSync(target, 'utf8'), 'café x\n');
  assert.equal(lstatSync(other).isSymbolicLink(), false, 'without follow the link became a file');
  assert.equal(readFileSync(other, 'utf8'), 'café y\n');
  const again = await run(join(dir, 'follow.yml'));
  assert.match(again.out, /localhost +: ok=2 +changed=0 /);
});

test("a character the encoding cannot hold fails the task with Python's message; an unknown encoding is refused before running", async () => {
  writeFileSync(
    join(dir, 'euro.yml'),
    `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - {template: {src: enc.j2, dest: ${join(dir, 'euro.txt')}, output_encoding: latin-1}, vars: {who: "€"}}\n`,
  );
  const r = await run(join(dir, 'euro.yml'));
  assert.equal(r.code, 2, r.out);
  assert.match(r.out, /'latin-1' codec can't encode character '\\\\u20ac' in position 5: ordinal not in range\(256\)/);
  writeFileSync(
    join(dir, 'bad.yml'),
    `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - {template: {src: enc.j2, dest: /tmp/x, output_encoding: ebcdic}}\n`,
  );
  const bad = await run(join(dir, 'bad.yml'));
  assert.equal(bad.code, 4, bad.out);
  assert.match(bad.out, /bad\.yml:4:\d+: error\[INVALID_VALUE\]/);
});
