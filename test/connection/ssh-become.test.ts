import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import type { BecomeOptions, ExecResult, Host } from '../../src/connection/host.js';
import { openHost } from '../../src/connection/open-host.js';
import { settingsFor } from '../harness/ssh-settings.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';

let sshd: TestSshd;
let host: Host; // logged in as the user whose sudo needs a password
let sudo: BecomeOptions;

before(async () => {
  sshd = await startSshd();
  host = await openHost(settingsFor(sshd, { user: sshd.sudoUser }));
  sudo = { method: 'sudo', user: 'root', password: sshd.password };
});
after(async () => {
  await host?.close();
  await sshd?.stop();
});

/** Every way a result or error could leak text: fields, JSON, inspect, message and stack. */
function allText(value: ExecResult | Error): string {
  const err = value instanceof Error ? value : value.becomeError;
  return [JSON.stringify(value), inspect(value, { depth: 5 }), err?.message ?? '', err?.stack ?? ''].join('\n');
}

test('sudo with a password: runs as root, stdin reaches the command and not the prompt', async () => {
  const r = await host.exec('id -u; cat', { become: sudo, stdin: 'payload\n' });
  assert.deepEqual([r.rc, r.stdout, r.stderr, r.becomeError], [0, '0\npayload\n', '', undefined]);
  assert.ok(!allText(r).includes(sshd.password));
  const env = await host.exec('printf %s "$X"; pwd', { become: sudo, env: { X: 'y z' }, cwd: '/root' });
  assert.equal(env.stdout, 'y z/root\n');
  const rc = await host.exec('exit 5', { become: sudo });
  assert.deepEqual([rc.rc, rc.becomeError], [5, undefined]);
});

test('the sudo password is in no process argv or environment while the command runs', async () => {
  const ac = new AbortController();
  const p = host.exec('sleep 36.5', { become: sudo, signal: ac.signal });
  let ps = '';
  for (let i = 0; i < 100 && !ps.includes('sleep 36.5'); i++) {
    await new Promise((r) => setTimeout(r, 20)); // poll until the command is visibly running
    ps = spawnSync('ps', ['e', '-e', '-ww', '-o', 'args='], { encoding: 'utf8' }).stdout;
  }
  assert.ok(ps.includes('sleep 36.5'), 'the command was running when we looked');
  assert.ok(!ps.includes(sshd.password));
  ac.abort();
  await assert.rejects(p);
});

test('a wrong sudo password is a clear become error, and the password is nowhere', async () => {
  const wrong = 'Not-the-pw 9!';
  const r = await host.exec('id -u', { become: { ...sudo, password: wrong } });
  assert.equal(r.rc, null);
  assert.equal(r.becomeError?.kind, 'incorrect password');
  assert.equal(r.stdout, '');
  assert.ok(!allText(r).includes(wrong));
  assert.ok(!allText(r).includes(sshd.password));
});

test('no password when sudo needs one, and sudo that needs a TTY, are named', async () => {
  const none = await host.exec('id -u', { become: { method: 'sudo', user: 'root' } });
  assert.equal(none.becomeError?.kind, 'password required');
  const ttyHost = await openHost(settingsFor(sshd, { user: sshd.ttyUser }));
  try {
    const tty = await ttyHost.exec('id -u', { become: sudo });
    assert.equal(tty.becomeError?.kind, 'tty required');
    assert.ok(!allText(tty).includes(sshd.password));
  } finally {
    await ttyHost.close();
  }
});

test("su with the target user's password; a wrong one is named", async () => {
  const su: BecomeOptions = { method: 'su', user: sshd.ttyUser, password: sshd.password };
  const r = await host.exec('id -un; cat', { become: su, stdin: 'via su' });
  assert.deepEqual([r.rc, r.stdout, r.becomeError], [0, `${sshd.ttyUser}\nvia su`, undefined]);
  const bad = await host.exec('id -un', { become: { ...su, password: 'nope-nope' } });
  assert.equal(bad.becomeError?.kind, 'incorrect password');
  assert.ok(!allText(bad).includes('nope-nope'));
});

test('a timeout under become kills the root-owned process too', async () => {
  const r = await host.exec('sleep 34.2 & sleep 34.3', { become: sudo, timeoutMs: 500 });
  assert.equal(r.timedOut, true);
  assert.equal(spawnSync('pgrep', ['-f', 'sleep 34.[23]']).status, 1);
  const ac = new AbortController();
  const p = host.exec('sleep 34.4', { become: sudo, signal: ac.signal });
  setTimeout(() => ac.abort(), 300);
  await assert.rejects(p);
  assert.equal(spawnSync('pgrep', ['-f', 'sleep 34.4']).status, 1);
});

test('concurrent become execs each get their own prompt and answer', async () => {
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) => host.exec(`echo ${i}; id -u`, { become: sudo })));
  assert.deepEqual(
    results.map((r) => r.stdout),
    Array.from({ length: 8 }, (_, i) => `${i}\n0\n`),
  );
});
