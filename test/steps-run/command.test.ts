import assert from 'node:assert/strict';
import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { commandStep } from '../../src/steps/command.js';
import { HOSTILE_NAMES, runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
before(async () => {
  fx = await startStepFixture();
});
after(async () => {
  await fx?.stop();
});

test('argv words reach the program exactly, none is interpreted by a shell', async () => {
  const r = await runStep(commandStep, fx.host, { argv: ['printf', '%s|', ...HOSTILE_NAMES], chdir: fx.dir });
  assert.equal(r.failed, undefined);
  assert.equal(r.changed, true);
  assert.equal(r.data?.rc, 0);
  assert.equal(r.data?.stdout, `${HOSTILE_NAMES.join('|')}|`);
  assert.deepEqual(r.data?.cmd, ['printf', '%s|', ...HOSTILE_NAMES]);
  assert.equal(existsSync(join(fx.dir, 'PWNED')), false);
});

test('cmd is split with POSIX quoting rules and still runs without a shell', async () => {
  const r = await runStep(commandStep, fx.host, { cmd: `printf '%s|' 'a b' "c \\"d\\"" e\\ f '$(id)' $HOME` });
  assert.equal(r.data?.stdout, 'a b|c "d"|e f|$(id)|$HOME|');
  assert.deepEqual(r.data?.cmd, ['printf', '%s|', 'a b', 'c "d"', 'e f', '$(id)', '$HOME']);
});

test('an unclosed quote in cmd fails without running anything', async () => {
  const r = await runStep(commandStep, fx.host, { cmd: "touch 'never" });
  assert.equal(r.failed, true);
  assert.equal(r.changed, false);
});

test('a non-zero exit code is a failed result with rc, stdout and stderr', async () => {
  const r = await runStep(commandStep, fx.host, { argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
  assert.equal(r.failed, true);
  assert.equal(r.data?.rc, 3);
  assert.equal(r.data?.stdout, 'out');
  assert.deepEqual(r.data?.stderr_lines, ['err']);
});

test('a missing program fails with rc 127', async () => {
  const r = await runStep(commandStep, fx.host, { argv: ['certbook-no-such-program'] });
  assert.equal(r.failed, true);
  assert.equal(r.data?.rc, 127);
});

test('creates: an existing path skips the command (changed false), a missing one runs it', async () => {
  const marker = join(fx.dir, 'creates marker $(x)');
  const made = join(fx.dir, 'made-by-command');
  writeFileSync(marker, '');
  const skipped = await runStep(commandStep, fx.host, { argv: ['touch', made], creates: marker });
  assert.equal(skipped.changed, false);
  assert.equal(skipped.failed, undefined);
  assert.equal(existsSync(made), false);
  const ran = await runStep(commandStep, fx.host, { argv: ['touch', made], creates: made });
  assert.equal(ran.changed, true);
  assert.equal(ran.failed, undefined);
  assert.equal(existsSync(made), true);
  const again = await runStep(commandStep, fx.host, { argv: ['touch', made], creates: made });
  assert.equal(again.changed, false);
});

test('removes: a missing path skips the command', async () => {
  const gone = join(fx.dir, 'no such file');
  const r = await runStep(commandStep, fx.host, { argv: ['false'], removes: gone });
  assert.equal(r.changed, false);
  assert.equal(r.failed, undefined);
});

test('check mode runs nothing: changed without creates, ok when creates exists', async () => {
  const target = join(fx.dir, 'check-mode-target');
  const r = await runStep(commandStep, fx.host, { argv: ['touch', target] }, { check: true });
  assert.equal(r.changed, true);
  assert.equal(existsSync(target), false);
  const gated = await runStep(commandStep, fx.host, { argv: ['touch', target], creates: target }, { check: true });
  assert.equal(gated.changed, true);
  assert.equal(existsSync(target), false);
  writeFileSync(target, '');
  const skipped = await runStep(commandStep, fx.host, { argv: ['rm', target], creates: target }, { check: true });
  assert.equal(skipped.changed, false);
  assert.equal(existsSync(target), true);
});

test('stdin (with and without the newline), env and chdir reach the program', async () => {
  const secret = 'p@ss \'w"ord $(x)';
  const withNl = await runStep(commandStep, fx.host, { argv: ['cat'], stdin: secret, strip_empty_ends: false });
  assert.equal(withNl.data?.stdout, `${secret}\n`);
  const without = await runStep(commandStep, fx.host, { argv: ['od', '-An', '-c'], stdin: 'ab', stdin_add_newline: false });
  assert.deepEqual(String(without.data?.stdout).trim().split(/\s+/), ['a', 'b']);
  const env = await runStep(commandStep, fx.host, {
    argv: ['printenv', 'CB_VALUE', 'CB_NUM'],
    env: { CB_VALUE: '$(id) `x` "q"', CB_NUM: 42 },
  });
  assert.deepEqual(env.data?.stdout_lines, ['$(id) `x` "q"', '42']);
  const odd = join(fx.dir, "dir $(touch PWNED) 'q'\nx");
  mkdirSync(odd);
  chownSync(odd, fx.uid, fx.gid);
  const pwd = await runStep(commandStep, fx.host, { argv: ['pwd'], chdir: odd });
  assert.equal(pwd.data?.stdout, odd);
  assert.equal(readdirSync(fx.dir).includes('PWNED'), false);
});

test('a missing chdir fails the task', async () => {
  const r = await runStep(commandStep, fx.host, { argv: ['true'], chdir: join(fx.dir, 'nope') });
  assert.equal(r.failed, true);
});

test('times are as Ansible writes them and delta is H:MM:SS.ffffff', async () => {
  const r = await runStep(commandStep, fx.host, { argv: ['sleep', '0.2'] });
  assert.match(String(r.data?.start), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  assert.match(String(r.data?.delta), /^0:00:00\.\d{6}$/);
  const micros = Number(String(r.data?.delta).split('.')[1]);
  assert.ok(micros >= 200_000, `delta ${String(r.data?.delta)}`);
  assert.ok(String(r.data?.end) >= String(r.data?.start), 'the same fixed-width form sorts as time does');
});

test('the task timeout kills the command on the host and fails the task', async () => {
  const t0 = Date.now();
  const r = await runStep(commandStep, fx.host, { argv: ['sleep', '30'] }, { timeoutMs: 400 });
  assert.equal(r.failed, true);
  assert.ok(Date.now() - t0 < 10_000);
});

test('become runs the program as root', async () => {
  const r = await runStep(commandStep, fx.sudoHost, { argv: ['id', '-u'] }, { become: fx.sudo });
  assert.equal(r.data?.stdout, '0');
  const wrong = await runStep(commandStep, fx.sudoHost, { argv: ['id', '-u'] }, { become: { ...fx.sudo, password: 'wrong' } });
  assert.equal(wrong.failed, true);
  assert.equal(String(wrong.msg).includes(fx.sudo.password!), false);
});
