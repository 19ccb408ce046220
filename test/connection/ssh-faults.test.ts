import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostUnreachableError } from '../../src/connection/errors.js';
import { openHost } from '../../src/connection/open-host.js';
import { dropConnectionMidCommand, hangForever, startFakeSshServer, startSilentServer } from '../harness/fake-ssh-server.js';
import { settingsFor } from '../harness/ssh-settings.js';

function isUnreachable(kind: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof HostUnreachableError, String(err));
    assert.equal(err.kind, kind);
    return true;
  };
}

test('a server that never answers an exec: the timeout still returns, nothing hangs', async () => {
  const fake = await startFakeSshServer(hangForever);
  const host = await openHost(settingsFor(fake));
  try {
    const started = Date.now();
    const r = await host.exec('echo hi', { timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    assert.equal(r.rc, null);
    assert.ok(Date.now() - started < 2000);
  } finally {
    await host.close();
    await fake.stop();
  }
});

test('a connection dropped mid-command is HostUnreachableError, and so is every later call', async () => {
  const fake = await startFakeSshServer(dropConnectionMidCommand);
  const host = await openHost(settingsFor(fake));
  try {
    await assert.rejects(host.exec('anything'), isUnreachable('closed'));
    await assert.rejects(host.exec('again'), isUnreachable('closed'));
    await assert.rejects(host.readFile('/etc/hostname', { maxBytes: 100 }), isUnreachable('closed'));
  } finally {
    await host.close();
    await fake.stop();
  }
});

test('a server that accepts TCP but never speaks SSH times out with the limit in the message', async () => {
  const silent = await startSilentServer();
  try {
    const started = Date.now();
    await assert.rejects(
      openHost(
        settingsFor(
          { host: '127.0.0.1', port: silent.port, user: 'x', keyFile: '/dev/null', knownHostsFile: '/dev/null' },
          {
            privateKeyFile: undefined,
            connectTimeoutMs: 400,
            connectRetries: 0,
          },
        ),
      ),
      (err: unknown) => isUnreachable('timeout')(err) && /timed out after 0\.4 s/.test((err as Error).message),
    );
    assert.ok(Date.now() - started < 1500);
  } finally {
    await silent.stop();
  }
});

test('after close(), calls fail with HostUnreachableError instead of hanging', async () => {
  const fake = await startFakeSshServer();
  const host = await openHost(settingsFor(fake));
  assert.equal((await host.exec('echo $((6*7))')).stdout, '42\n');
  await host.close();
  await assert.rejects(host.exec('true'), isUnreachable('closed'));
  await fake.stop();
});

test('a missing private key file is named before any connection is tried', async () => {
  const fake = await startFakeSshServer();
  try {
    await assert.rejects(
      openHost(settingsFor(fake, { privateKeyFile: '/nonexistent/id_ed25519' })),
      (err: unknown) => isUnreachable('key-file')(err) && /\/nonexistent\/id_ed25519 does not exist/.test((err as Error).message),
    );
    assert.equal(fake.commands.length, 0);
  } finally {
    await fake.stop();
  }
});
