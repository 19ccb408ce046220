import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  entryMatches,
  fingerprintSha256,
  keyTypeOf,
  knownHostsLine,
  knownHostsName,
  lookupHostKey,
  parseKnownHosts,
} from '../../src/connection/known-hosts.js';

const dir = mkdtempSync(join(tmpdir(), 'certbook-kh-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh public key of `type`: its known_hosts fields and the wire blob. */
function newKey(type: 'ed25519' | 'ecdsa' | 'rsa', name: string): { line: string; blob: Buffer; file: string } {
  const file = join(dir, name);
  const r = spawnSync('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-f', file]);
  assert.equal(r.status, 0, String(r.stderr));
  const [kt, b64] = readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/);
  return { line: `${kt} ${b64}`, blob: Buffer.from(b64!, 'base64'), file: `${file}.pub` };
}

const ed = newKey('ed25519', 'ed');
const ec = newKey('ecdsa', 'ec');
const other = newKey('ed25519', 'other');

test('fingerprints equal ssh-keygen -l output', () => {
  for (const k of [ed, ec]) {
    const out = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', k.file], { encoding: 'utf8' }).stdout;
    assert.equal(fingerprintSha256(k.blob), out.split(/\s+/)[1]);
  }
  assert.equal(keyTypeOf(ed.blob), 'ssh-ed25519');
  assert.equal(keyTypeOf(ec.blob), 'ecdsa-sha2-nistp256');
});

test('names: port 22 is bare, other ports are bracketed, case folded', () => {
  assert.equal(knownHostsName('Example.COM', 22), 'example.com');
  assert.equal(knownHostsName('10.0.0.1', 2222), '[10.0.0.1]:2222');
});

test('plain entries: comma lists, globs, negation, brackets', () => {
  assert.equal(entryMatches('a.example,b.example', 'b.example'), true);
  assert.equal(entryMatches('*.example', 'node1.example'), true);
  assert.equal(entryMatches('node?.example', 'node12.example'), false);
  assert.equal(entryMatches('*.example,!bad.example', 'bad.example'), false);
  assert.equal(entryMatches('[10.0.0.1]:2222', '[10.0.0.1]:2222'), true);
  assert.equal(entryMatches('10.0.0.1', '[10.0.0.1]:2222'), false);
  assert.equal(entryMatches('[*.example]:22??', '[x.example]:2222'), true);
});

test('hashed entries written by ssh-keygen -H match the right name only', () => {
  const file = join(dir, 'hashed');
  writeFileSync(file, `host1.example ${ed.line}\n[10.1.2.3]:2222 ${ec.line}\n`);
  assert.equal(spawnSync('ssh-keygen', ['-H', '-f', file]).status, 0);
  const entries = parseKnownHosts(readFileSync(file, 'utf8'), file);
  assert.equal(entries.length, 2);
  assert.ok(entries.every((e) => e.hosts.startsWith('|1|')));
  assert.equal(lookupHostKey(entries, 'host1.example', 22, ed.blob).status, 'match');
  assert.equal(lookupHostKey(entries, 'HOST1.example', 22, ed.blob).status, 'match');
  assert.equal(lookupHostKey(entries, '10.1.2.3', 2222, ec.blob).status, 'match');
  assert.equal(lookupHostKey(entries, '10.1.2.3', 22, ec.blob).status, 'unknown');
  assert.equal(lookupHostKey(entries, 'host2.example', 22, ed.blob).status, 'unknown');
});

test('several key types per host; a different key of the same type is a mismatch', () => {
  const entries = parseKnownHosts(`h ${ed.line}\nh ${ec.line}\n`, 'f');
  assert.equal(lookupHostKey(entries, 'h', 22, ec.blob).status, 'match');
  const changed = lookupHostKey(entries, 'h', 22, other.blob);
  assert.equal(changed.status, 'mismatch');
  assert.ok(changed.status === 'mismatch' && changed.expected.key.equals(ed.blob));
  const onlyEc = parseKnownHosts(`h ${ec.line}\n`, 'f');
  const unknown = lookupHostKey(onlyEc, 'h', 22, ed.blob);
  assert.deepEqual(unknown, { status: 'unknown', knownTypes: ['ecdsa-sha2-nistp256'] });
});

test('@revoked wins over a matching line; @cert-authority and junk lines are skipped', () => {
  const text = [
    '# comment',
    '',
    'garbage',
    `@revoked h ${ed.line}`,
    `h ${ed.line}`,
    `@cert-authority *.example ${ec.line}`,
    `@unknown h ${ec.line}`,
  ].join('\n');
  const entries = parseKnownHosts(text, 'f');
  assert.equal(entries.length, 3);
  assert.equal(lookupHostKey(entries, 'h', 22, ed.blob).status, 'revoked');
  assert.equal(lookupHostKey(entries, 'x.example', 22, ec.blob).status, 'unknown');
});

test('a line we would append parses back and matches', () => {
  const line = knownHostsLine('127.0.0.1', 2200, ed.blob);
  assert.match(line, /^\[127\.0\.0\.1\]:2200 ssh-ed25519 [A-Za-z0-9+/]+=*$/);
  assert.equal(lookupHostKey(parseKnownHosts(line, 'f'), '127.0.0.1', 2200, ed.blob).status, 'match');
});
