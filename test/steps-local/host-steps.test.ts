/**
 * The host steps on a `LocalHost` standing in for a remote one: no root, no sshd (the fast tier).
 * Each writes what it should on the first run, nothing on the second (changed=false), and in
 * check mode says it would change while writing nothing. The same steps run over the real sshd,
 * with become, owners and hostile names, in test/steps-run.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalHost } from '../../src/connection/local.js';
import { STEPS } from '../../src/steps/registry.js';
import type { StepResult } from '../../src/steps/step-run.js';
import { runStep } from '../harness/run-step.js';
import type { TestContextOptions } from '../harness/step-context.js';
import { tempDir } from '../harness/temp-dir.js';

const host = new LocalHost('local');

/** Runs the step called `name` on the local host. */
function step(name: string, args: Record<string, unknown>, options: TestContextOptions = {}): Promise<StepResult> {
  const definition = STEPS.get(name);
  assert.ok(definition, `step ${name}`);
  return runStep(definition, host, args, options);
}

/** Check mode (changed, nothing written), then a run (changed), then a second run (unchanged). */
async function idempotent(name: string, args: Record<string, unknown>, written: () => string, options: TestContextOptions = {}) {
  const before = written();
  const check = await step(name, args, { ...options, check: true });
  assert.equal(check.failed, undefined, check.msg);
  assert.equal(check.changed, true, `${name} in check mode says it would change`);
  assert.equal(written(), before, `${name} in check mode writes nothing`);
  const first = await step(name, args, options);
  assert.equal(first.failed, undefined, first.msg);
  assert.equal(first.changed, true, `${name} changes on the first run`);
  const after = written();
  const second = await step(name, args, options);
  assert.equal(second.failed, undefined, second.msg);
  assert.equal(second.changed, false, `${name} changes nothing on the second run`);
  assert.equal(written(), after);
  return after;
}

const contents = (path: string) => () => (existsSync(path) ? readFileSync(path, 'utf8') : '<absent>');
const mode = (path: string) => statSync(path).mode & 0o7777;

test('copy writes content with its mode once', async () => {
  const path = join(tempDir('certbook-local-copy-'), 'k3s.env');
  assert.equal(
    await idempotent('copy', { content: 'K3S_TOKEN_FILE=/x\n', dest: path, mode: '0640' }, contents(path)),
    'K3S_TOKEN_FILE=/x\n',
  );
  assert.equal(mode(path), 0o640);
});

test('file makes a directory with its mode once', async () => {
  const path = join(tempDir('certbook-local-file-'), 'backups');
  const state = () => (existsSync(path) ? `dir ${mode(path).toString(8)}` : '<absent>');
  assert.equal(await idempotent('file', { path, state: 'directory', mode: '0750' }, state), 'dir 750');
});

test('lineinfile replaces the line a regexp finds, once', async () => {
  const path = join(tempDir('certbook-local-lineinfile-'), 'config.env');
  writeFileSync(path, 'A=1\nDAYS=90\n');
  const args = { path, regexp: '^DAYS=', line: 'DAYS=365' };
  assert.equal(await idempotent('lineinfile', args, contents(path)), 'A=1\nDAYS=365\n');
});

test('blockinfile adds a marked block, once', async () => {
  const path = join(tempDir('certbook-local-blockinfile-'), 'registries.yaml');
  writeFileSync(path, 'mirrors: {}\n');
  const text = await idempotent('blockinfile', { path, block: 'configs:\n  reg: {}' }, contents(path));
  assert.equal(text, 'mirrors: {}\n# BEGIN ANSIBLE MANAGED BLOCK\nconfigs:\n  reg: {}\n# END ANSIBLE MANAGED BLOCK\n');
});

test('template renders a file of the playbook with the host variables, once', async () => {
  const dir = tempDir('certbook-local-template-');
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'templates', 'motd.j2'), 'cluster {{ cluster }}: {{ nodes | length }} nodes\n');
  const dest = join(dir, 'motd');
  const options = { vars: { playbook_dir: dir, cluster: 'edge', nodes: ['a', 'b'] } };
  assert.equal(await idempotent('template', { src: 'motd.j2', dest }, contents(dest), options), 'cluster edge: 2 nodes\n');
});

test('command with creates runs once', async () => {
  const dir = tempDir('certbook-local-command-');
  const marker = join(dir, 'initialised');
  const first = await step('command', { cmd: `touch ${marker}`, creates: marker });
  assert.deepEqual([first.failed, first.changed, existsSync(marker)], [undefined, true, true]);
  const second = await step('command', { cmd: `touch ${marker}`, creates: marker });
  assert.equal(second.changed, false);
});

test('stat, slurp and find read without changing anything', async () => {
  const dir = tempDir('certbook-local-read-');
  writeFileSync(join(dir, 'server.crt'), 'PEM\n');
  writeFileSync(join(dir, 'server.key'), 'KEY\n');
  const stat = await step('stat', { path: join(dir, 'server.crt') });
  assert.deepEqual([stat.changed, (stat.data?.stat as { exists?: boolean } | undefined)?.exists], [false, true]);
  const slurp = await step('slurp', { src: join(dir, 'server.crt') });
  assert.deepEqual([slurp.changed, Buffer.from(String(slurp.data?.content), 'base64').toString()], [false, 'PEM\n']);
  const find = await step('find', { paths: dir, patterns: '*.crt' });
  const files = (find.data?.files as Array<{ path: string }> | undefined)?.map((f) => f.path);
  assert.deepEqual([find.changed, files], [false, [join(dir, 'server.crt')]]);
});
