import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HostUnreachableError } from '../../src/connection/errors.js';
import { fingerprintSha256, lookupHostKey, parseKnownHosts } from '../../src/connection/known-hosts.js';
import { openHost } from '../../src/connection/open-host.js';
import { settingsFor } from '../harness/ssh-settings.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';

let sshd: TestSshd;
let second: TestSshd;
let dir: string;

before(async () => {
  [sshd, second] = await Promise.all([startSshd({ extraLoopbacks: 15 }), startSshd({ extraLoopbacks: 15 })]);
  dir = mkdtempSync(join(tmpdir(), 'certbook-connect-'));
});
after(async () => {
  await sshd?.stop();
  await second?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function file(content = ''): string {
  const f = join(dir, `f-${n++}`);
  writeFileSync(f, content);
  return f;
}

async function unreachable(p: Promise<unknown>): Promise<HostUnreachableError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof HostUnreachableError, String(err));
    return err;
  }
  assert.fail('expected HostUnreachableError');
}

function keyBody(line: string): string {
  return line.split(' ').slice(1).join(' ');
}

test('strict: unknown host key is refused with its fingerprint and how to trust it', async () => {
  const err = await unreachable(openHost(settingsFor(sshd, { knownHostsFiles: [file()] })));
  assert.equal(err.kind, 'host-key');
  assert.ok(err.reason.includes(sshd.hostKeyFingerprint));
  assert.ok(err.hint?.includes(`ssh-keyscan -p ${sshd.port} 127.0.0.1 >> ~/.ssh/known_hosts`));
});

test('known keys match as plain, glob, hashed and [host]:port entries', async () => {
  const hashed = file(`${sshd.knownHostsLine}\n`);
  assert.equal(spawnSync('ssh-keygen', ['-H', '-f', hashed]).status, 0);
  const variants = [
    sshd.knownHostsLine,
    `other,[127.0.0.*]:${sshd.port} ${keyBody(sshd.knownHostsLine)}`,
    readFileSync(hashed, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('|1|'))!,
  ];
  for (const line of variants) {
    const h = await openHost(settingsFor(sshd, { knownHostsFiles: [file(`${line}\n`)] }));
    assert.equal((await h.exec('echo ok')).stdout, 'ok\n');
    await h.close();
  }
  // The same key for port 22 only does not vouch for this port.
  const err = await unreachable(openHost(settingsFor(sshd, { knownHostsFiles: [file(`127.0.0.1 ${keyBody(sshd.knownHostsLine)}\n`)] })));
  assert.equal(err.kind, 'host-key');
});

test('@revoked key is refused even next to a matching line', async () => {
  const kh = file(`@revoked * ${keyBody(sshd.knownHostsLine)}\n${sshd.knownHostsLine}\n`);
  for (const mode of ['strict', 'accept-new', 'off'] as const) {
    const err = await unreachable(openHost(settingsFor(sshd, { hostKeyChecking: mode, knownHostsFiles: [kh] })));
    assert.equal(err.kind, 'host-key', mode);
    assert.match(err.reason, /revoked/);
  }
});

test('a changed key is refused under accept-new, naming expected and presented fingerprints', async () => {
  const other = join(dir, 'other-key');
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
  const otherLine = readFileSync(`${other}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const kh = file(`[127.0.0.1]:${sshd.port} ${otherLine}\n`);
  const err = await unreachable(openHost(settingsFor(sshd, { hostKeyChecking: 'accept-new', knownHostsFiles: [kh] })));
  assert.equal(err.kind, 'host-key');
  assert.ok(err.reason.includes(fingerprintSha256(Buffer.from(otherLine.split(' ')[1]!, 'base64'))));
  assert.ok(err.reason.includes(sshd.hostKeyFingerprint));
  assert.equal(readFileSync(kh, 'utf8').split('\n').filter(Boolean).length, 1);
});

test('accept-new: 30 hosts at once leave 30 well-formed lines, then strict passes', async () => {
  // 15 extra loopback names on each of two sshds (sshd listens on 16 addresses at most).
  const targets = [sshd, second].flatMap((server) => server.extraHosts.map((h) => ({ server, host: h })));
  assert.equal(targets.length, 30);
  const kh = file();
  const hosts = await Promise.all(
    targets.map((t) => openHost(settingsFor({ ...t.server, host: t.host }, { hostKeyChecking: 'accept-new', knownHostsFiles: [kh] }))),
  );
  await Promise.all(hosts.map((h) => h.close()));
  const text = readFileSync(kh, 'utf8');
  const lines = text.split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, 30);
  for (const l of lines) assert.match(l, /^\[127\.0\.0\.\d+\]:\d+ ssh-ed25519 [A-Za-z0-9+/]{68}$/);
  assert.deepEqual(lines.map((l) => l.split(' ')[0]).sort(), targets.map((t) => `[${t.host}]:${t.server.port}`).sort());
  const entries = parseKnownHosts(text, kh);
  for (const t of targets) {
    const blob = Buffer.from(t.server.hostPublicKey.split(' ')[1]!, 'base64');
    assert.equal(lookupHostKey(entries, t.host, t.server.port, blob).status, 'match');
  }
  const again = await openHost(settingsFor({ ...second, host: second.extraHosts[7]! }, { knownHostsFiles: [kh] }));
  await again.close();
});

test('a closed port fails fast with "connection refused"', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
  const started = Date.now();
  const err = await unreachable(openHost(settingsFor({ ...sshd, port }, { connectRetries: 0 })));
  assert.equal(err.kind, 'refused');
  assert.match(err.reason, /connection refused/);
  assert.ok(Date.now() - started < 1000);
  const withRetries = Date.now();
  assert.equal((await unreachable(openHost(settingsFor({ ...sshd, port }, { connectRetries: 2 })))).kind, 'refused');
  assert.ok(Date.now() - withRetries < 2500, 'two retries back off briefly');
});

test('authentication failure names the user and what was tried', async () => {
  const wrong = join(dir, 'wrong-key');
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrong]);
  const err = await unreachable(openHost(settingsFor(sshd, { privateKeyFile: wrong, password: 'not-it' })));
  assert.equal(err.kind, 'auth');
  assert.match(err.reason, new RegExp(`authentication failed for user ${sshd.user}`));
  assert.match(err.reason, /tried: publickey, password/);
  assert.ok(!err.message.includes('not-it'));
});

test('password authentication works and a wrong one is an auth failure', async () => {
  const { privateKeyFile: _none, ...withoutKey } = settingsFor(sshd, { user: sshd.sudoUser, password: sshd.password });
  const h = await openHost(withoutKey);
  assert.equal((await h.exec('id -un')).stdout, `${sshd.sudoUser}\n`);
  await h.close();
  const err = await unreachable(openHost({ ...withoutKey, password: 'Wrong-pw-1' }));
  assert.equal(err.kind, 'auth');
  assert.match(err.reason, /tried: (publickey, )?password/); // default identities, if root has any
  assert.ok(!err.message.includes('Wrong-pw-1'));
});

test("encrypted key: passphrase from settings or prompt (never this process's env); missing or wrong ones named", async () => {
  const enc = join(dir, 'enc-key');
  const phrase = 'correct horse battery';
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', phrase, '-f', enc]);
  appendFileSync(join(sshd.dir, 'authorized', sshd.user), readFileSync(`${enc}.pub`));
  const s = settingsFor(sshd, { privateKeyFile: enc });
  await (await openHost({ ...s, passphrase: phrase })).close();
  // The CLI passes the invocation's CERTBOOK_SSH_KEY_PASSPHRASE in the settings; this process's is not read.
  process.env.CERTBOOK_SSH_KEY_PASSPHRASE = phrase;
  try {
    assert.match((await unreachable(openHost(s))).reason, /encrypted and no passphrase/);
  } finally {
    delete process.env.CERTBOOK_SSH_KEY_PASSPHRASE;
  }
  const asked: string[] = [];
  await (
    await openHost({
      ...s,
      askPassphrase: async (f) => {
        asked.push(f);
        return phrase;
      },
    })
  ).close();
  assert.deepEqual(asked, [enc]);
  const missing = await unreachable(openHost(s));
  assert.equal(missing.kind, 'key-file');
  assert.match(missing.reason, /encrypted and no passphrase/);
  assert.match(missing.hint ?? '', /CERTBOOK_SSH_KEY_PASSPHRASE/);
  const bad = await unreachable(openHost({ ...s, passphrase: 'wrong phrase' }));
  assert.match(bad.reason, /bad passphrase/);
  assert.ok(!bad.message.includes('wrong phrase'));
});

test("ssh-agent authentication through the socket in the settings, never this process's SSH_AUTH_SOCK", async () => {
  const sock = join(dir, 'agent.sock');
  // Without -D, ssh-agent returns once its socket is ready and prints its pid.
  const started = spawnSync('ssh-agent', ['-s', '-a', sock], { encoding: 'utf8' });
  const agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(started.stdout)?.[1]);
  assert.ok(agentPid > 0, started.stderr);
  try {
    assert.equal(spawnSync('ssh-add', ['-q', sshd.keyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock } }).status, 0);
    const { privateKeyFile: _k, agentSocket: _a, ...noKey } = settingsFor(sshd);
    const saved = process.env.SSH_AUTH_SOCK;
    process.env.SSH_AUTH_SOCK = sock;
    try {
      // The invocation's socket comes in the settings (the runner fills it in from the CLI's env).
      const err = await unreachable(openHost(noKey));
      assert.equal(err.kind, 'auth');
    } finally {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
    }
    const h = await openHost({ ...noKey, agentSocket: sock });
    assert.equal((await h.exec('id -un')).stdout, `${sshd.user}\n`);
    await h.close();
  } finally {
    process.kill(agentPid);
  }
});

test('ProxyJump through the same sshd, one hop and a chain of two', async () => {
  const jump = { host: '127.0.0.1', port: sshd.port, user: sshd.user };
  for (const proxyJump of [[jump], [jump, { ...jump, host: sshd.extraHosts[0]! }], `${sshd.user}@127.0.0.1:${sshd.port}`]) {
    const kh = file(`${sshd.knownHostsLine}\n[${sshd.extraHosts[0]}]:${sshd.port} ${keyBody(sshd.knownHostsLine)}\n`);
    const h = await openHost(
      settingsFor({ ...sshd, host: sshd.extraHosts[1]! }, { proxyJump, hostKeyChecking: 'accept-new', knownHostsFiles: [kh] }),
    );
    // sshd sees the target connection arrive from itself: SSH_CONNECTION's server address is the target's.
    const r = await h.exec('echo "$SSH_CONNECTION"');
    assert.equal(r.stdout.trim().split(' ')[2], sshd.extraHosts[1]);
    await h.close();
  }
  const err = await unreachable(openHost(settingsFor(sshd, { proxyJump: [{ ...jump, port: 1 }] })));
  assert.equal(err.kind, 'refused');
  assert.match(err.reason, /jump host/);
});
