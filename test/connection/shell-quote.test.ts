import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { shellJoin, shellQuote } from '../../src/connection/shell-quote.js';
import { prng as rng } from '../harness/prng.js';

const NASTY = [
  "'",
  '"',
  '\\',
  '$',
  '`',
  '\n',
  '\r',
  '\t',
  ' ',
  '*',
  '?',
  '[',
  ']',
  '~',
  '#',
  '!',
  '&',
  ';',
  '|',
  '<',
  '>',
  '(',
  ')',
  '{',
  '}',
  '=',
  '%',
  '-',
  '\u00e9',
  '\u2603',
  '\u{1F600}',
  '\x01',
  '\x7f',
  '\x1b',
];

function randomString(next: () => number): string {
  const len = Math.floor(next() * 40);
  let s = '';
  for (let i = 0; i < len; i++) {
    const r = next();
    if (r < 0.5) s += NASTY[Math.floor(next() * NASTY.length)];
    else if (r < 0.8) s += String.fromCharCode(1 + Math.floor(next() * 126));
    else s += String.fromCodePoint(0xa0 + Math.floor(next() * 0x2000));
  }
  return s;
}

const shells = ['/bin/sh', '/bin/dash', '/bin/bash'].filter((s) => existsSync(s));

test('random strings survive sh -c "printf %s <quoted>" byte for byte', () => {
  const seed = Number(process.env.CERTBOOK_QUOTE_SEED ?? Date.now() % 1_000_000);
  const next = rng(seed);
  const cases = Array.from({ length: 150 }, () => randomString(next));
  cases.push('', "'", "''", "a'b'c", '\n', '-n', '--', 'A=b', '~', '$(id)', '`id`');
  // One script per shell, printing each quoted value followed by a NUL separator.
  const script = cases.map((c) => `printf '%s\\0' ${shellQuote(c)}`).join('\n');
  for (const sh of shells) {
    const r = spawnSync(sh, ['-c', script]);
    assert.equal(r.status, 0, `${sh} failed (seed ${seed}): ${r.stderr}`);
    const got = r.stdout.toString('utf8').split('\0').slice(0, -1);
    assert.equal(got.length, cases.length, `seed ${seed}`);
    cases.forEach((c, i) => assert.equal(got[i], c, `seed ${seed}, case ${i} in ${sh}`));
  }
});

test('plain words stay readable and assignments are quoted', () => {
  assert.equal(shellQuote('/etc/rancher/k3s/k3s.yaml'), '/etc/rancher/k3s/k3s.yaml');
  assert.equal(shellQuote('A=b'), "'A=b'");
  assert.equal(shellQuote(''), "''");
  assert.equal(shellQuote("it's"), "'it'\\''s'");
  assert.equal(shellJoin(['ls', '-l', 'a b']), "ls -l 'a b'");
});

test('a NUL character is refused, not silently cut', () => {
  assert.throws(() => shellQuote('a\0b'), RangeError);
});
