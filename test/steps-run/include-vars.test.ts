/**
 * `include_vars` through the runner (a local connection): Ansible's precedence (above play vars,
 * vars_files and task vars, below set_fact and extra vars; kept for later plays), `file` looked up
 * in `vars/` first, `dir` with files_matching, ignore_files, depth, extensions and `name`, values
 * rendered when used, and a broken file failing with its file:line:col. The precedence was
 * checked against ansible-playbook 2.14 on the same playbook (the values asserted below are
 * what it printed).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LocalHost } from '../../src/connection/local.js';
import { includeVarsStep } from '../../src/steps/include-vars.js';
import { runCli } from '../cli/run-cli.js';
import { runStep } from './fixture.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'certbook-include-vars-'));
  mkdirSync(join(dir, 'vars'));
  mkdirSync(join(dir, 'clusters', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts:\n    h1: {ansible_connection: local}\n');
  writeFileSync(join(dir, 'vars', 'layer.yaml'), 'a: inc\nb: inc\nc: inc\nd: inc\ne: inc\nderived: "{{ a }}-rendered"\n');
  writeFileSync(join(dir, 'layer.yaml'), 'a: shadowed\n');
  writeFileSync(join(dir, 'clusters', 'prod-a.yaml'), 'prod_a: 1\nshared: a\n');
  writeFileSync(join(dir, 'clusters', 'prod-b.json'), '{"prod_b": 2, "shared": "b"}\n');
  writeFileSync(join(dir, 'clusters', 'prod-skip.yaml'), 'skipped: true\n');
  writeFileSync(join(dir, 'clusters', 'dev.yaml'), 'dev: 3\n');
  writeFileSync(join(dir, 'clusters', 'prod-notes.txt'), 'not vars\n');
  writeFileSync(join(dir, 'clusters', 'nested', 'prod-deep.yml'), 'deep: 4\n');
  writeFileSync(join(dir, 'broken.yaml'), 'ok: 1\nbad: [unclosed\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const run = async (playbook: string, extra: string[] = []): Promise<{ code: number; out: string }> => {
  writeFileSync(join(dir, 'pb.yaml'), playbook);
  const r = await runCli(['run', join(dir, 'pb.yaml'), '-i', join(dir, 'inv.yaml'), '--renderer', 'plain', ...extra], { cwd: dir });
  return { code: r.code, out: r.stdout + r.stderr };
};

test('precedence: above play vars, vars_files and task vars; below set_fact and extra vars; kept for the next play', async () => {
  writeFileSync(join(dir, 'vf.yaml'), 'b: vars_file\n');
  const r = await run(
    [
      '- hosts: all',
      '  gather_facts: false',
      '  vars: {a: play, c: play, d: play, e: play}',
      '  vars_files: [vf.yaml]',
      '  tasks:',
      '    - set_fact: {d: set_fact}',
      '    - include_vars: layer.yaml',
      '    - debug: {msg: "a={{ a }} b={{ b }} c={{ c }} d={{ d }} e={{ e }} derived={{ derived }}"}',
      '      vars: {c: task}',
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - debug: {msg: "next play a={{ a }}"}',
      '',
    ].join('\n'),
    ['-e', 'e=extra'],
  );
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /a=inc b=inc c=inc d=set_fact e=extra derived=inc-rendered/);
  assert.match(r.out, /next play a=inc/);
});

test('dir: sorted, files_matching, ignore_files, extensions, depth and name', async () => {
  const r = await run(
    [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - include_vars: {dir: clusters, files_matching: "^prod-", ignore_files: ["skip\\\\.yaml"], extensions: [yaml, json], ignore_unknown_extensions: true, depth: 1, name: clusters}',
      '      register: loaded',
      '    - debug: {msg: "{{ clusters | to_json }} {{ loaded.ansible_included_var_files | map(\'basename\') | list }}"}',
      '    - include_vars: {dir: clusters, files_matching: "^prod-", ignore_files: [skip.yaml], ignore_unknown_extensions: true}',
      '    - debug: {msg: "deep={{ deep }} shared={{ shared }}"}',
      '',
    ].join('\n'),
  );
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /\{\\"prod_a\\": 1, \\"shared\\": \\"b\\", \\"prod_b\\": 2\} \['prod-a.yaml', 'prod-b.json'\]/);
  assert.match(r.out, /deep=4 shared=b/);
});

test('an unknown extension without ignore_unknown_extensions fails the task; a missing or broken literal file stops the run before connecting', async () => {
  const atRun = await run(['- hosts: all', '  gather_facts: false', '  tasks:', '    - include_vars: {dir: clusters}', ''].join('\n'));
  assert.equal(atRun.code, 2, atRun.out);
  assert.match(atRun.out, /prod-notes\.txt does not have a valid extension: yaml, yml, json/);
  const atLoad = await run(
    [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - include_vars: {file: nowhere.yaml}',
      '    - include_vars: broken.yaml',
      '    - include_vars: "{{ later }}.yaml"',
      '      vars: {later: chosen-at-run-time}',
      '',
    ].join('\n'),
  );
  assert.equal(atLoad.code, 4, atLoad.out);
  assert.match(atLoad.out, /pb\.yaml:4:\d+: error\[FILE_NOT_FOUND\]: include_vars: the vars file nowhere\.yaml does not exist/);
  assert.match(atLoad.out, /pb\.yaml:5:\d+: error\[YAML_SYNTAX\]: include_vars: .*broken\.yaml:3:1: /);
  assert.doesNotMatch(atLoad.out, /chosen-at-run-time/);
});

test('run on its own, the step registers the variables and the files; check mode reads them too', async () => {
  const r = await runStep(
    includeVarsStep,
    new LocalHost('controller'),
    { file: 'layer.yaml' },
    { vars: { playbook_dir: dir }, check: true },
  );
  assert.equal(r.changed, false);
  assert.equal((r.includedVars as Record<string, unknown>).a, 'inc');
  assert.deepEqual(r.data?.ansible_included_var_files, [join(dir, 'vars', 'layer.yaml')]);
});
