import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parsedFile } from '../../src/connection/file-memo.js';

const dir = mkdtempSync(join(tmpdir(), 'certbook-file-memo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a file is parsed once while unchanged, again after a change, and a missing file throws', () => {
  const file = join(dir, 'known_hosts');
  writeFileSync(file, 'one\n');
  let parses = 0;
  const lines = (bytes: Buffer) => {
    parses++;
    return bytes.toString('utf8').trim().split('\n');
  };
  assert.deepEqual(parsedFile(file, 'test', lines), ['one']);
  assert.deepEqual(parsedFile(file, 'test', lines), ['one']);
  assert.equal(parses, 1);
  appendFileSync(file, 'two\n'); // what accept-new does
  assert.deepEqual(parsedFile(file, 'test', lines), ['one', 'two']);
  assert.equal(parses, 2);
  assert.deepEqual(parsedFile(file, 'other kind', lines), ['one', 'two'], 'each kind has its own memo');
  assert.equal(parses, 3);
  assert.throws(() => parsedFile(join(dir, 'missing'), 'test', lines), /ENOENT/);
});
