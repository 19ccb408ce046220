import assert from 'node:assert/strict';
import { test } from 'node:test';
import ssh2 from 'ssh2';
import { readableKeyPair } from '../../src/demo/ssh-server-keys.js';

test('every generated key pair reads back (ssh2 alone refuses about 1 in 256: mscdex/ssh2#1513)', () => {
  // 2,000 pairs from ssh2's generateKeyPairSync would hold ~8 unreadable ones.
  for (let i = 0; i < 2000; i++) {
    const pair = readableKeyPair();
    assert.ok(!(ssh2.utils.parseKey(pair.private) instanceof Error), `private key ${i}`);
    assert.ok(!(ssh2.utils.parseKey(pair.public) instanceof Error), `public key ${i}`);
  }
});
