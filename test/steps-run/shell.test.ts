import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { shellStep } from '../../src/steps/shell.js';
import { runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
before(async () => {
  fx = await startStepFixture();
});
after(async () => {
  await fx?.stop();
});

test('pipes, redirections and variables work; cmd is registered as the text', async () => {
  const cmd = 'X="a b c"; echo $X | tr " " "\\n" | wc -l';
  const r = await runStep(shellStep, fx.host, { cmd });
  assert.equal(r.changed, true);
  assert.equal(r.failed, undefined);
  assert.equal(String(r.data?.stdout).trim(), '3');
  assert.equal(r.data?.cmd, cmd);
});

test('executable picks the shell', async () => {
  const r = await runStep(shellStep, fx.host, { cmd: 'echo "${BASH_VERSION:+bash}"', executable: '/bin/bash' });
  assert.equal(r.data?.stdout, 'bash');
  const sh = await runStep(shellStep, fx.host, { cmd: 'echo "${BASH_VERSION:+bash}"' });
  assert.equal(sh.data?.stdout, '');
});

test('a failing command line is a failed result with its rc and stderr lines', async () => {
  const r = await runStep(shellStep, fx.host, { cmd: 'echo one >&2; echo two >&2; exit 7' });
  assert.equal(r.failed, true);
  assert.equal(r.data?.rc, 7);
  assert.deepEqual(r.data?.stderr_lines, ['one', 'two']);
});

test('creates takes a glob; quotes, $() and newlines in it are never run', async () => {
  const made = join(fx.dir, 'made.txt');
  const r = await runStep(shellStep, fx.host, { cmd: `touch ${JSON.stringify(made)}`, creates: join(fx.dir, '*.crt') });
  assert.equal(r.changed, true);
  assert.equal(existsSync(made), true);
  writeFileSync(join(fx.dir, 'server.crt'), '');
  const skipped = await runStep(shellStep, fx.host, { cmd: 'exit 1', creates: join(fx.dir, '*.crt') });
  assert.equal(skipped.changed, false);
  assert.equal(skipped.failed, undefined);
  const hostile = join(fx.dir, "$(touch PWNED)\n'`touch PWNED`'");
  const h = await runStep(shellStep, fx.host, { cmd: 'true', creates: hostile, chdir: fx.dir });
  assert.equal(h.changed, true);
  assert.equal(readdirSync(fx.dir).includes('PWNED'), false);
});

test('relative creates paths are relative to chdir', async () => {
  writeFileSync(join(fx.dir, 'relative-marker'), '');
  const r = await runStep(shellStep, fx.host, { cmd: 'exit 1', chdir: fx.dir, creates: 'relative-marker' });
  assert.equal(r.changed, false);
});

test('check mode does not run the command', async () => {
  const target = join(fx.dir, 'shell-check');
  const r = await runStep(shellStep, fx.host, { cmd: `touch ${JSON.stringify(target)}` }, { check: true });
  assert.equal(r.changed, true);
  assert.equal(existsSync(target), false);
  const removes = await runStep(shellStep, fx.host, { cmd: 'exit 1', removes: target }, { check: true });
  assert.equal(removes.changed, false);
});

test('strip_empty_ends keeps or drops trailing newlines', async () => {
  const kept = await runStep(shellStep, fx.host, { cmd: 'printf "a\\n\\n"', strip_empty_ends: false });
  assert.equal(kept.data?.stdout, 'a\n\n');
  const stripped = await runStep(shellStep, fx.host, { cmd: 'printf "a\\n\\n"' });
  assert.equal(stripped.data?.stdout, 'a');
  assert.deepEqual(stripped.data?.stdout_lines, ['a']);
});

test('become runs the command line as root', async () => {
  const r = await runStep(shellStep, fx.sudoHost, { cmd: 'id -u; whoami' }, { become: fx.sudo });
  assert.deepEqual(r.data?.stdout_lines, ['0', 'root']);
});
