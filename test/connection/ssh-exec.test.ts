import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Host } from '../../src/connection/host.js';
import { openHost } from '../../src/connection/open-host.js';
import { settingsFor } from '../harness/ssh-settings.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';

let sshd: TestSshd;
let host: Host;

before(async () => {
  sshd = await startSshd();
  host = await openHost(settingsFor(sshd));
});
after(async () => {
  await host?.close();
  await sshd?.stop();
});

/** Whether a process whose command line contains `pattern` runs on this machine (= the host). */
function running(pattern: string): boolean {
  return spawnSync('pgrep', ['-f', pattern]).status === 0;
}

test('rc, stdout and stderr come back separately; a non-zero rc is a result', async () => {
  const r = await host.exec('echo out; echo err >&2; exit 7');
  assert.deepEqual([r.rc, r.stdout, r.stderr, r.timedOut, r.truncated], [7, 'out\n', 'err\n', false, false]);
  assert.equal(typeof r.durationMs, 'number');
  const who = await host.exec('id -un');
  assert.equal(who.stdout, `${sshd.user}\n`);
});

test('stdin, env and cwd', async () => {
  const r = await host.exec('cat; printf "[%s][%s]" "$GREETING" "$EMPTY"; pwd', {
    stdin: 'from stdin\n',
    env: { GREETING: 'it\'s a "test" $(id)\n2nd line', EMPTY: '' },
    cwd: '/usr/share',
  });
  assert.equal(r.rc, 0);
  assert.equal(r.stdout, `from stdin\n[it's a "test" $(id)\n2nd line][]/usr/share\n`);
  const missing = await host.exec('echo ran', { cwd: '/no/such/dir' });
  assert.notEqual(missing.rc, 0);
  assert.equal(missing.stdout, '');
});

test('binary stdin arrives intact and hostile output bytes are returned as decoded text', async () => {
  const all = Buffer.from(Array.from({ length: 256 * 4 }, (_, i) => i % 256));
  const r = await host.exec('sha256sum', { stdin: all });
  assert.equal(r.stdout.split(' ')[0], createHash('sha256').update(all).digest('hex'));
  const hostile = await host.exec(`printf 'a\\000b\\377\\033[31mred\\r\\n%s' "$(printf '\\342\\230\\203')"`);
  assert.equal(hostile.rc, 0);
  assert.equal(hostile.stdout, Buffer.from([0x61, 0, 0x62, 0xff, 0x1b, ...Buffer.from('[31mred\r\n'), 0xe2, 0x98, 0x83]).toString('utf8'));
});

test('large output is complete; maxOutputBytes caps it and keeps draining', async () => {
  const big = await host.exec('head -c 5000000 /dev/zero | tr "\\0" a');
  assert.equal(big.stdout.length, 5_000_000);
  const capped = await host.exec('head -c 1000000 /dev/zero | tr "\\0" b; echo done >&2', { maxOutputBytes: 1000 });
  assert.deepEqual([capped.rc, capped.stdout.length, capped.truncated, capped.stderr], [0, 1000, true, 'done\n']);
});

test('rawStdout: stdout is the bytes as written (every byte value, NUL, invalid UTF-8), none of the markers; the cap holds', async () => {
  const all = Buffer.from(Array.from({ length: 256 * 4 }, (_, i) => i % 256));
  const r = await host.exec('cat', { stdin: all, rawStdout: true });
  assert.deepEqual([r.rc, r.stdout, r.truncated], [0, '', false]);
  assert.deepEqual(r.stdoutBytes, all);
  // Output at once, in the same packet as the start marker.
  const first = await host.exec(`printf '\\377\\000\\r\\n'`, { rawStdout: true });
  assert.deepEqual(first.stdoutBytes, Buffer.from([0xff, 0, 0x0d, 0x0a]));
  const capped = await host.exec('head -c 100000 /dev/urandom; echo done >&2', { rawStdout: true, maxOutputBytes: 1000 });
  assert.deepEqual([capped.rc, capped.stdoutBytes?.length, capped.truncated, capped.stderr], [0, 1000, true, 'done\n']);
  assert.equal((await host.exec('echo text')).stdoutBytes, undefined, 'only when asked');
});

test('timeout kills the remote process and its children, not only the channel', async () => {
  const started = Date.now();
  const r = await host.exec('sleep 31.7 & sleep 31.8; echo never', { timeoutMs: 400 });
  assert.equal(r.timedOut, true);
  assert.equal(r.rc, null);
  assert.ok(r.signal === 'SIGTERM' || r.signal === 'SIGKILL');
  assert.ok(Date.now() - started < 3000);
  assert.equal(r.stdout, '');
  assert.equal(running('sleep 31.7'), false);
  assert.equal(running('sleep 31.8'), false);
});

test('abort kills the remote process and rejects with the reason', async () => {
  const ac = new AbortController();
  const p = host.exec('sleep 32.6', { signal: ac.signal });
  setTimeout(() => ac.abort(new Error('user pressed ctrl-c')), 200);
  await assert.rejects(p, /user pressed ctrl-c/);
  assert.equal(running('sleep 32.6'), false);
  await assert.rejects(host.exec('true', { signal: AbortSignal.abort() }));
});

test('an abort while the exec waits for a channel still kills the command once it starts, and rejects', async () => {
  // One channel: the second exec queues behind the first, and its abort comes while it waits.
  const one = await openHost(settingsFor(sshd, { maxChannels: 1 }));
  try {
    const first = one.exec('sleep 0.3; echo first');
    const ac = new AbortController();
    const queued = one.exec('sleep 32.9', { signal: ac.signal });
    ac.abort(new Error('aborted while queued'));
    await assert.rejects(queued, /aborted while queued/);
    assert.equal(running('sleep 32.9'), false);
    assert.equal((await first).stdout, 'first\n');
  } finally {
    await one.close();
  }
});

test('50 concurrent execs on one connection all succeed', async () => {
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => host.exec(`echo ${i}; sleep 0.0$((${i} % 5))`)));
  assert.deepEqual(
    results.map((r) => r.rc),
    Array(50).fill(0),
  );
  assert.deepEqual(
    results.map((r) => r.stdout),
    Array.from({ length: 50 }, (_, i) => `${i}\n`),
  );
});

test("against sshd's default MaxSessions 10, a cap of 10 still succeeds thanks to the open retry", async () => {
  const strict = await startSshd({ maxSessions: 10 });
  const h = await openHost(settingsFor(strict, { maxChannels: 10 }));
  try {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => h.exec(`echo ${i}`)));
    assert.equal(results.filter((r) => r.rc === 0 && r.stdout === `${results.indexOf(r)}\n`).length, 50);
  } finally {
    await h.close();
    await strict.stop();
  }
});
