import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  hasCertificateCheck,
  hasCertificateRotate,
  k3sFamily,
  leafNeedsRenewal,
  parseK3sVersion,
  renewWindowDays,
} from '../../src/simulator/k3s-version.js';

function v(text: string) {
  const parsed = parseK3sVersion(text);
  assert.ok(parsed, text);
  return parsed;
}

test('parses k3s release names and rejects others', () => {
  assert.deepEqual(parseK3sVersion('v1.27.13+k3s1'), { minor: 27, patch: 13 });
  assert.equal(parseK3sVersion('2.0.0'), undefined);
});

test('families: 1.18 and older vs 1.19+', () => {
  assert.equal(k3sFamily(v('v1.18.6+k3s1')), 'v1.18');
  assert.equal(k3sFamily(v('v1.19.1+k3s1')), 'v1.19+');
});

test('renewal window is 90 days, 120 from the May-2025 patches', () => {
  assert.equal(renewWindowDays(v('v1.27.4')), 90);
  assert.equal(renewWindowDays(v('v1.32.4')), 90);
  assert.equal(renewWindowDays(v('v1.32.5')), 120);
  assert.equal(renewWindowDays(v('v1.33.1')), 120);
  assert.equal(renewWindowDays(v('v1.33.0')), 90, 'the 120-day window came with v1.33.1, May 2025');
  assert.equal(leafNeedsRenewal(v('v1.27.4'), 90), true);
  assert.equal(leafNeedsRenewal(v('v1.27.4'), 91), false);
  assert.equal(leafNeedsRenewal(v('v1.33.1'), 100), true);
  assert.equal(leafNeedsRenewal(v('v1.18.6'), -10), true);
});

test('certificate subcommands only where they exist', () => {
  assert.equal(hasCertificateRotate(v('v1.18.6')), false);
  assert.equal(hasCertificateRotate(v('v1.22.4')), false);
  assert.equal(hasCertificateRotate(v('v1.22.5')), true);
  assert.equal(hasCertificateRotate(v('v1.23.0')), false, 'rotate arrived in v1.23.1');
  assert.equal(hasCertificateRotate(v('v1.23.1')), true);
  assert.equal(hasCertificateCheck(v('v1.27.12')), false);
  assert.equal(hasCertificateCheck(v('v1.27.13')), true);
  assert.equal(hasCertificateCheck(v('v1.33.1')), true);
});
