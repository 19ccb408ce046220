/**
 * `template` over the real sshd: the file found as Ansible searches, rendered with the host's
 * variables (host data stays text), written like `copy` (mode, backup, validate, atomic rename),
 * check and diff modes, a second run unchanged; and one run through the CLI and runner.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { UnsafeText } from '../../src/python/unsafe-text.js';
import type { StepResult } from '../../src/steps/step-run.js';
import { templateStep } from '../../src/steps/template.js';
import { runCli } from '../cli/run-cli.js';
import type { TestContextOptions } from '../harness/step-context.js';
import { runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
let playbookDir: string;
before(async () => {
  fx = await startStepFixture();
  playbookDir = mkdtempSync(join(tmpdir(), 'certbook-playbook-'));
  mkdirSync(join(playbookDir, 'templates'));
});
after(async () => {
  await fx?.stop();
  rmSync(playbookDir, { recursive: true, force: true });
});

const perms = (p: string): number => statSync(p).mode & 0o7777;
const writeTemplate = (name: string, text: string, dir = 'templates'): void => writeFileSync(join(playbookDir, dir, name), text);
const template = (
  args: Record<string, unknown>,
  vars: Record<string, unknown> = {},
  options: TestContextOptions = {},
): Promise<StepResult> => runStep(templateStep, fx.host, args, { vars: { playbook_dir: playbookDir, ...vars }, ...options });

const REGISTRIES = [
  '# {{ ansible_managed }}',
  'mirrors:',
  '{% for m in mirrors %}',
  '  {{ m.name }}:',
  '    endpoint: ["{{ m.url }}"]',
  '{% endfor %}',
  'node: {{ node }}',
  '',
].join('\n');
const RENDERED =
  '# Ansible managed\nmirrors:\n  docker.io:\n    endpoint: ["https://m1"]\n  quay.io:\n    endpoint: ["https://m2"]\nnode: n1\n';
const MIRRORS = {
  mirrors: [
    { name: 'docker.io', url: 'https://m1' },
    { name: 'quay.io', url: 'https://m2' },
  ],
  node: 'n1',
};

test("renders with trim_blocks and the host's variables; check mode writes nothing; the second run is unchanged", async () => {
  writeTemplate('registries.yaml.j2', REGISTRIES);
  const dest = join(fx.dir, 'registries.yaml');
  const check = await template({ src: 'registries.yaml.j2', dest }, MIRRORS, { check: true, diff: true });
  assert.equal(check.changed, true);
  assert.equal(existsSync(dest), false);
  assert.equal(check.diff?.[0]?.after, RENDERED);
  const r = await template({ src: 'registries.yaml.j2', dest, mode: '0600' }, MIRRORS);
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, true);
  assert.equal(readFileSync(dest, 'utf8'), RENDERED);
  assert.equal(perms(dest), 0o600);
  const again = await template({ src: 'registries.yaml.j2', dest, mode: '0600' }, MIRRORS);
  assert.equal(again.changed, false);
  assert.deepEqual(
    readdirSync(fx.dir).filter((n) => n.includes('certbook')),
    [],
  );
});

test('a changed variable rewrites the file, with its diff, a backup and the old mode kept', async () => {
  writeTemplate('node.conf.j2', 'node={{ node }}\n');
  const dest = join(fx.dir, 'node.conf');
  await template({ src: 'node.conf.j2', dest, mode: '0640' }, { node: 'a' });
  const r = await template(
    { src: 'node.conf.j2', dest, backup: true },
    { node: 'b' },
    { diff: true, now: () => new Date('2026-02-01T00:00:00Z') },
  );
  assert.equal(r.changed, true);
  assert.deepEqual([r.diff?.[0]?.before, r.diff?.[0]?.after], ['node=a\n', 'node=b\n']);
  assert.equal(readFileSync(`${dest}.20260201T000000Z~`, 'utf8'), 'node=a\n');
  assert.equal(r.data?.backup_file, `${dest}.20260201T000000Z~`);
  assert.equal(perms(dest), 0o640);
  const kept = await template({ src: 'node.conf.j2', dest, force: false }, { node: 'c' });
  assert.equal(kept.changed, false);
  assert.equal(readFileSync(dest, 'utf8'), 'node=b\n');
});

test('templates/ is searched before the playbook directory; an absolute src is used as it is; a missing one names where it looked', async () => {
  writeTemplate('where.j2', 'templates dir\n');
  writeTemplate('where.j2', 'playbook dir\n', '.');
  writeTemplate('only-beside.j2', 'beside {{ template_path | basename }} for {{ template_destpath }}\n', '.');
  const dest = join(fx.dir, 'where');
  await template({ src: 'where.j2', dest });
  assert.equal(readFileSync(dest, 'utf8'), 'templates dir\n');
  await template({ src: 'only-beside.j2', dest });
  assert.equal(readFileSync(dest, 'utf8'), `beside only-beside.j2 for ${dest}\n`);
  await template({ src: join(playbookDir, 'where.j2'), dest });
  assert.equal(readFileSync(dest, 'utf8'), 'playbook dir\n');
  const missing = await template({ src: 'nope.j2', dest });
  assert.equal(missing.failed, true);
  assert.match(missing.msg ?? '', /could not find the template nope\.j2/);
  assert.ok(missing.msg?.includes(join(playbookDir, 'templates', 'nope.j2')));
});

test('host data in a variable is inserted as text, never rendered again', async () => {
  writeTemplate('echo.j2', 'remote said: {{ out }}\n');
  const dest = join(fx.dir, 'echo');
  const r = await template({ src: 'echo.j2', dest }, { out: new UnsafeText('{{ 7 * 7 }}') });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(readFileSync(dest, 'utf8'), 'remote said: {{ 7 * 7 }}\n');
});

test('an undefined variable or a syntax error fails the task naming the template, and writes nothing', async () => {
  writeTemplate('undef.j2', 'x={{ not_defined_anywhere }}\n');
  writeTemplate('broken.j2', 'x={% if %}\n');
  const dest = join(fx.dir, 'never');
  const undef = await template({ src: 'undef.j2', dest });
  assert.equal(undef.failed, true);
  assert.match(undef.msg ?? '', /undef\.j2: .*not_defined_anywhere/);
  const broken = await template({ src: 'broken.j2', dest });
  assert.equal(broken.failed, true);
  assert.match(broken.msg ?? '', /^broken\.j2: /);
  assert.equal(existsSync(dest), false);
});

test('validate checks the rendered file before it replaces dest; newline_sequence converts line endings', async () => {
  writeTemplate('v.j2', '{{ word }}\nsecond\n');
  const dest = join(fx.dir, 'validated');
  writeFileSync(dest, 'good\n');
  const bad = await template({ src: 'v.j2', dest, validate: 'grep -q good %s' }, { word: 'bad' });
  assert.equal(bad.failed, true);
  assert.match(bad.msg ?? '', /validation failed/);
  assert.equal(readFileSync(dest, 'utf8'), 'good\n');
  const crlf = join(fx.dir, 'crlf');
  const r = await template({ src: 'v.j2', dest: crlf, newline_sequence: '\\r\\n' }, { word: 'good' });
  assert.equal(r.changed, true);
  assert.equal(readFileSync(crlf, 'utf8'), 'good\r\nsecond\r\n');
  assert.equal((await template({ src: 'v.j2', dest: crlf, newline_sequence: '\\r\\n' }, { word: 'good' })).changed, false);
});

test('owner and group (as root through sudo) are set on the written file', async () => {
  writeTemplate('owned.j2', 'owned\n');
  const dest = join(fx.dir, 'owned');
  const r = await runStep(
    templateStep,
    fx.sudoHost,
    { src: 'owned.j2', dest, owner: 'root', group: 'root' },
    { vars: { playbook_dir: playbookDir }, become: fx.sudo },
  );
  assert.equal(r.failed, undefined, r.msg);
  assert.deepEqual([statSync(dest).uid, statSync(dest).gid], [0, 0]);
});

test('through the runner: play and host variables, a registered value kept as text, changed=0 on the second run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-template-run-'));
  try {
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates', 'motd.j2'), '{{ greeting }} from {{ inventory_hostname }}\nremote: {{ echoed.stdout }}\n');
    writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts:\n    h1: {ansible_connection: local}\n');
    const dest = join(dir, 'motd');
    writeFileSync(
      join(dir, 'pb.yaml'),
      [
        '- hosts: all',
        '  gather_facts: false',
        '  vars: {greeting: hello}',
        '  tasks:',
        '    - shell: echo \'{{ "{{" }} 6 * 7 }}\'',
        '      register: echoed',
        '      changed_when: false',
        `    - template: {src: motd.j2, dest: ${dest}}`,
        '',
      ].join('\n'),
    );
    const first = await runCli(['run', join(dir, 'pb.yaml'), '-i', join(dir, 'inv.yaml'), '--renderer', 'plain'], { cwd: dir });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.equal(readFileSync(dest, 'utf8'), 'hello from h1\nremote: {{ 6 * 7 }}\n');
    assert.match(first.stdout, /h1\s+: ok=2\s+changed=1/);
    const second = await runCli(['run', join(dir, 'pb.yaml'), '-i', join(dir, 'inv.yaml'), '--renderer', 'plain'], { cwd: dir });
    assert.match(second.stdout, /h1\s+: ok=2\s+changed=0/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('before connecting: a missing template or one that does not parse stops the run (exit 4), each pointed at', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-template-load-'));
  try {
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates', 'bad.j2'), 'line one\nx={% if %}\n');
    writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts:\n    h1: {ansible_host: 192.0.2.1}\n');
    writeFileSync(
      join(dir, 'pb.yaml'),
      [
        '- hosts: all',
        '  tasks:',
        '    - template: {src: missing.j2, dest: /tmp/x}',
        '    - template: {src: bad.j2, dest: /tmp/y}',
        '    - template: {src: "{{ chosen }}.j2", dest: /tmp/z}',
        '      vars: {chosen: later}',
        '',
      ].join('\n'),
    );
    const r = await runCli(['run', join(dir, 'pb.yaml'), '-i', join(dir, 'inv.yaml')], { cwd: dir });
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stderr, /pb\.yaml:3:\d+: error\[FILE_NOT_FOUND\]: template: the template missing\.j2 does not exist/);
    assert.match(r.stderr, /pb\.yaml:4:\d+: error\[TEMPLATE_SYNTAX\]: template: .*bad\.j2:2:\d+: /);
    assert.doesNotMatch(r.stderr, /later\.j2/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
