import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { banner, formatRecap } from '../../src/report/recap.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'ansible-output');

/** The recap block as ansible-playbook 2.14 printed it (captured in the fixture). */
function ansibleRecap(file: string): string {
  const text = readFileSync(join(fixtures, file), 'utf8');
  return text.slice(text.indexOf('\nPLAY RECAP'));
}

test('the recap matches ansible-playbook byte for byte', () => {
  const stats = {
    h2: { ok: 4, changed: 2, unreachable: 0, failed: 0, skipped: 1, rescued: 0, ignored: 1 },
    h1: { ok: 3, changed: 1, unreachable: 0, failed: 0, skipped: 2, rescued: 0, ignored: 0 },
  };
  assert.equal(formatRecap(stats, ['h2', 'h1']), ansibleRecap('expected-plain.txt'));
});

test('the recap lists unreachable hosts like ansible-playbook', () => {
  const stats = {
    h1: { ok: 0, changed: 0, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 0 },
    h2: { ok: 3, changed: 2, unreachable: 0, failed: 0, skipped: 1, rescued: 0, ignored: 0 },
    h3: { ok: 0, changed: 0, unreachable: 1, failed: 0, skipped: 1, rescued: 0, ignored: 0 },
  };
  assert.equal(formatRecap(stats, ['h1', 'h3', 'h2']), ansibleRecap('expected-plain-2.txt'));
});

test('banners are padded with stars to 80 columns, at least three', () => {
  assert.equal(banner('TASK [say hi]').length, 80);
  assert.ok(banner(`TASK [${'x'.repeat(100)}]`).endsWith(' ***'));
});
