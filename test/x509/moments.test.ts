/** Moments as `valid_at` and `at` take them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoSeconds, parseIsoMoment, parseMoment } from '../../src/x509/moments.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const iso = (text: string, now = NOW): string | undefined => parseMoment(text, now)?.toISOString();

test('relative moments in every unit, combined, both signs', () => {
  assert.equal(iso('+90d'), '2026-05-30T10:00:00.000Z');
  assert.equal(iso('-1w'), '2026-02-22T10:00:00.000Z');
  assert.equal(iso('+2w3d'), '2026-03-18T10:00:00.000Z');
  assert.equal(iso('+1h30m15s'), '2026-03-01T11:30:15.000Z');
  assert.equal(iso('-0d'), NOW.toISOString());
});

test('absolute moments: date (midnight UTC), date-time with and without zone, offsets, fractions', () => {
  assert.equal(iso('2026-01-31'), '2026-01-31T00:00:00.000Z');
  assert.equal(iso('2026-01-31T12:00'), '2026-01-31T12:00:00.000Z');
  assert.equal(iso('2026-01-31 12:00:05'), '2026-01-31T12:00:05.000Z');
  assert.equal(iso('2026-01-31T12:00:00+02:00'), '2026-01-31T10:00:00.000Z');
  assert.equal(iso('2026-01-31T12:00:00-0130'), '2026-01-31T13:30:00.000Z');
  assert.equal(iso('2026-01-31T12:00:00.25Z'), '2026-01-31T12:00:00.250Z');
});

test('not moments: impossible dates, other words, missing sign', () => {
  for (const text of ['2026-02-30', '2026-13-01', '90d', '+90', '+90y', 'tomorrow', '', '2026-1-1'])
    assert.equal(parseMoment(text, NOW), undefined, text);
  assert.equal(parseIsoMoment('+90d'), undefined);
});

test('isoSeconds drops milliseconds (rounding down) and keeps Z', () => {
  assert.equal(isoSeconds(new Date('2026-10-24T16:38:46.999Z')), '2026-10-24T16:38:46Z');
  assert.equal(isoSeconds(new Date('1969-12-31T23:59:59.500Z')), '1969-12-31T23:59:59Z');
});
