import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProxyJump } from '../../src/connection/settings.js';
import { hostMatches, lookupSshConfig, parseSshConfig, resolveSshSettings } from '../../src/connection/ssh-config.js';

const CONFIG = `
# global options first apply to every host
ConnectTimeout 7

Host bastion
  HostName bastion.example.net
  User jump
  Port 2200
  IdentityFile ~/.ssh/bastion_%h

Host k3s-* !k3s-legacy
  User=admin
  IdentityFile "~/.ssh/k3s key"
  ProxyJump bastion

Host k3s-server-1
  User ignored-because-first-value-wins
  HostName 10.0.0.11
  Port 2222

Match host k3s-legacy
  User matched

Host k3s-legacy
  StrictHostKeyChecking accept-new
  UserKnownHostsFile /tmp/kh-%h %d/second

Host *
  User fallback
  IdentityFile ~/.ssh/id_%r
`;

const source = { text: CONFIG, home: '/home/me', localUser: 'me' };

test('host patterns: globs, ? and negation', () => {
  assert.equal(hostMatches(['k3s-*', '!k3s-legacy'], 'k3s-a'), true);
  assert.equal(hostMatches(['k3s-*', '!k3s-legacy'], 'k3s-legacy'), false);
  assert.equal(hostMatches(['!k3s-legacy'], 'other'), false); // a negation alone selects nothing
  assert.equal(hostMatches(['node?'], 'node1'), true);
  assert.equal(hostMatches(['node?'], 'node10'), false);
});

test('first value wins, IdentityFile accumulates, Match blocks are skipped with a note', () => {
  const config = parseSshConfig(CONFIG, 'cfg');
  assert.equal(config.notes.length, 1);
  assert.match(config.notes[0]!, /^cfg:\d+: Match/);
  const v = lookupSshConfig(config, 'k3s-server-1');
  assert.equal(v.user, 'admin');
  assert.equal(v.hostName, '10.0.0.11');
  assert.equal(v.port, 2222);
  assert.equal(v.connectTimeoutMs, 7000);
  assert.deepEqual(v.identityFiles, ['~/.ssh/k3s key', '~/.ssh/id_%r']);
  assert.equal(v.proxyJump, 'bastion');
});

test('resolve: ssh config fills what the inventory leaves out, tokens expanded', () => {
  const s = resolveSshSettings('k3s-server-1', {}, source);
  assert.equal(s.host, '10.0.0.11');
  assert.equal(s.port, 2222);
  assert.equal(s.user, 'admin');
  assert.equal(s.name, 'k3s-server-1');
  assert.equal(s.connection, 'ssh');
  assert.equal(s.hostKeyChecking, 'strict');
  assert.deepEqual(s.knownHostsFiles, ['/home/me/.ssh/known_hosts', '/etc/ssh/ssh_known_hosts']);
  assert.deepEqual(s.identityFiles, ['/home/me/.ssh/k3s key', '/home/me/.ssh/id_admin']);
  assert.deepEqual(s.proxyJump, [
    {
      host: 'bastion.example.net',
      port: 2200,
      user: 'jump',
      identityFiles: ['/home/me/.ssh/bastion_bastion.example.net', '/home/me/.ssh/id_jump'],
    },
  ]);
});

test('resolve: inventory vars win over ssh config', () => {
  const s = resolveSshSettings(
    'k3s-server-1',
    { name: 'srv1', host: '192.0.2.1', port: 22, user: 'root', hostKeyChecking: 'off', proxyJump: [] },
    source,
  );
  assert.deepEqual([s.name, s.host, s.port, s.user, s.hostKeyChecking, s.proxyJump], ['srv1', '192.0.2.1', 22, 'root', 'off', []]);
});

test('resolve: defaults when nothing matches; StrictHostKeyChecking and UserKnownHostsFile mapped', () => {
  const plain = resolveSshSettings('web', {}, { file: false, home: '/home/me', localUser: 'me' });
  assert.deepEqual([plain.host, plain.port, plain.user, plain.connectTimeoutMs], ['web', 22, 'me', 10_000]);
  const legacy = resolveSshSettings('k3s-legacy', {}, source);
  assert.equal(legacy.user, 'fallback');
  assert.equal(legacy.hostKeyChecking, 'accept-new');
  assert.deepEqual(legacy.knownHostsFiles, ['/tmp/kh-k3s-legacy', '/home/me/second', '/etc/ssh/ssh_known_hosts']);
  assert.equal(legacy.proxyJump, undefined);
});

test('ProxyJump text: users, ports, IPv6 brackets, chains, none', () => {
  assert.deepEqual(parseProxyJump('a@b:2200, c ,[::1]:22,ssh://d@e'), [
    { host: 'b', port: 2200, user: 'a' },
    { host: 'c' },
    { host: '::1', port: 22 },
    { host: 'e', user: 'd' },
  ]);
  assert.deepEqual(parseProxyJump('none'), []);
  assert.throws(() => parseProxyJump('a:b:c'), RangeError);
});
