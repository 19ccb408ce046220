import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkHostKey, preferredHostKeyAlgorithms } from '../../src/connection/host-key-check.js';
import { fingerprintSha256, knownHostsLine, lookupHostKey, parseKnownHosts } from '../../src/connection/known-hosts.js';

const dir = mkdtempSync(join(tmpdir(), 'certbook-hkc-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A syntactically valid ed25519 public key blob with random key bytes. */
function fakeKey(): Buffer {
  const name = Buffer.from('ssh-ed25519');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(name.length);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(32);
  return Buffer.concat([head, name, len, randomBytes(32)]);
}

let n = 0;
const file = (): string => join(dir, `kh-${n++}`);

test('strict: unknown host refused with the SHA256 fingerprint and how to trust it', async () => {
  const key = fakeKey();
  const v = await checkHostKey({ mode: 'strict', knownHostsFiles: [file()] }, '10.9.8.7', 2222, key);
  assert.equal(v.ok, false);
  assert.ok(!v.ok && v.kind === 'unknown');
  assert.equal(v.fingerprint, fingerprintSha256(key));
  assert.ok(!v.ok && v.reason.includes(fingerprintSha256(key)));
  assert.ok(!v.ok && v.hint.includes('ssh-keyscan -p 2222 10.9.8.7 >> ~/.ssh/known_hosts'));
  assert.ok(!v.ok && v.hint.includes('accept-new'));
});

test('off: unknown accepted, nothing written', async () => {
  const f = file();
  const v = await checkHostKey({ mode: 'off', knownHostsFiles: [f] }, 'h', 22, fakeKey());
  assert.deepEqual([v.ok, v.ok && v.added], [true, false]);
  assert.throws(() => readFileSync(f), /ENOENT/);
});

test('a changed key is refused in every mode, naming both fingerprints', async () => {
  const f = file();
  const old = fakeKey();
  const now = fakeKey();
  writeFileSync(f, `${knownHostsLine('h', 2200, old)}\n`);
  for (const mode of ['strict', 'accept-new', 'off'] as const) {
    const v = await checkHostKey({ mode, knownHostsFiles: [f] }, 'h', 2200, now);
    assert.ok(!v.ok && v.kind === 'changed', mode);
    assert.ok(!v.ok && v.reason.includes(fingerprintSha256(old)) && v.reason.includes(fingerprintSha256(now)), mode);
  }
  assert.equal(readFileSync(f, 'utf8').trim().split('\n').length, 1);
});

test('@revoked is refused in every mode', async () => {
  const f = file();
  const key = fakeKey();
  writeFileSync(f, `@revoked * ssh-ed25519 ${key.subarray(0).toString('base64')}\n`);
  for (const mode of ['strict', 'accept-new', 'off'] as const) {
    const v = await checkHostKey({ mode, knownHostsFiles: [f] }, 'any', 22, key);
    assert.ok(!v.ok && v.kind === 'revoked', mode);
  }
});

test('accept-new: 300 hosts at once give 300 well-formed lines, then match', async () => {
  const f = file();
  writeFileSync(f, `existing.example ssh-ed25519 ${fakeKey().toString('base64')}`); // no trailing newline
  const keys = Array.from({ length: 300 }, fakeKey);
  const policy = { mode: 'accept-new' as const, knownHostsFiles: [f] };
  const verdicts = await Promise.all(keys.map((k, i) => checkHostKey(policy, `10.0.${i >> 8}.${i & 255}`, 2222, k)));
  assert.equal(verdicts.filter((v) => v.ok && v.added).length, 300);
  const lines = readFileSync(f, 'utf8').split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, 301);
  for (const l of lines) assert.match(l, /^(\[[\d.]+\]:2222|existing\.example) ssh-ed25519 [A-Za-z0-9+/]{68}$/);
  const entries = parseKnownHosts(readFileSync(f, 'utf8'), f);
  keys.forEach((k, i) => assert.equal(lookupHostKey(entries, `10.0.${i >> 8}.${i & 255}`, 2222, k).status, 'match'));
  // The same host seen twice concurrently is recorded once.
  const again = fakeKey();
  await Promise.all([1, 2, 3].map(() => checkHostKey(policy, 'twice', 2222, again)));
  assert.equal(
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('[twice]')).length,
    1,
  );
});

test('accept-new: several processes appending at once never interleave lines', async () => {
  const f = file();
  const script = `
    import { checkHostKey } from ${JSON.stringify(new URL('../../src/connection/host-key-check.ts', import.meta.url).pathname)};
    import { randomBytes } from 'node:crypto';
    const k = () => Buffer.concat([Buffer.from([0,0,0,11]), Buffer.from('ssh-ed25519'), Buffer.from([0,0,0,32]), randomBytes(32)]);
    await Promise.all(Array.from({ length: 40 }, (_, i) => checkHostKey({ mode: 'accept-new', knownHostsFiles: [process.env.KH_FILE] }, 'p' + process.pid + '-' + i, 2222, k())));
  `;
  const runs = [1, 2, 3, 4].map(
    () =>
      new Promise<number>((resolve) => {
        const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          stdio: 'inherit',
          env: { ...process.env, KH_FILE: f },
        });
        c.on('close', (code) => resolve(code ?? -1));
      }),
  );
  assert.deepEqual(await Promise.all(runs), [0, 0, 0, 0]);
  const lines = readFileSync(f, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 160);
  for (const l of lines) assert.match(l, /^\[p\d+-\d+\]:2222 ssh-ed25519 [A-Za-z0-9+/]{68}$/);
});

test('known key types are preferred in the handshake', () => {
  const f = file();
  writeFileSync(f, `[h]:2200 ecdsa-sha2-nistp256 ${fakeKey().toString('base64')}\n[h]:2200 ssh-rsa ${fakeKey().toString('base64')}\n`);
  assert.deepEqual(preferredHostKeyAlgorithms({ mode: 'strict', knownHostsFiles: [f] }, 'h', 2200), [
    'ecdsa-sha2-nistp256',
    'rsa-sha2-512',
    'rsa-sha2-256',
    'ssh-rsa',
  ]);
  assert.deepEqual(preferredHostKeyAlgorithms({ mode: 'strict', knownHostsFiles: [f] }, 'other', 22), []);
});
