/**
 * The k3s version rules (src/k3s/release-rules.ts, src/k3s/known-bugs.ts) and their filters:
 * each release boundary, and every release of the lines 1.17–1.36 judged as the Jinja chain of
 * `version()` tests the playbooks used before (kept here as the oracle) judged it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bugIdsAffecting, bugNote, type KnownBugEntry, rangeMatches } from '../../src/k3s/known-bugs.js';
import { fromReleases, releaseTraits } from '../../src/k3s/release-rules.js';
import { renderTemplate } from '../../src/template/render.js';
import { compareVersions } from '../../src/template/versions.js';

const compare = (a: string, b: string): number => compareVersions(a, b);

/** The playbook's expressions before the rules moved to code (tasks/k3s-facts.yaml, 2026-12). */
const ORACLE = {
  renew_days: `{{ 120 if (v is version('1.33.1', '>=')
                 or (v is version('1.32.5', '>=') and v is version('1.33', '<'))
                 or (v is version('1.31.9', '>=') and v is version('1.32', '<'))
                 or (v is version('1.30.13', '>=') and v is version('1.31', '<')))
         else 90 }}`,
  has_rotate: `{{ v is version('1.23.1', '>=')
         or (v is version('1.22.5', '>=') and v is version('1.23', '<'))
         or (v is version('1.21.8', '>=') and v is version('1.22', '<')) }}`,
  old_serving: "{{ v is version('1.19', '<') }}",
};

describe('release traits', () => {
  test('the boundaries: the 120-day window from the May-2025 releases, rotate from the December-2021 ones, the renewing serving certificate from 1.19', () => {
    assert.deepEqual(releaseTraits('1.33.0', compare), { renew_days: 90, has_rotate: true, old_serving: false });
    assert.deepEqual(releaseTraits('1.33.1', compare), { renew_days: 120, has_rotate: true, old_serving: false });
    assert.equal(releaseTraits('1.32.4', compare).renew_days, 90);
    assert.equal(releaseTraits('1.32.5', compare).renew_days, 120);
    assert.equal(releaseTraits('1.30.12', compare).renew_days, 90);
    assert.equal(releaseTraits('1.30.13', compare).renew_days, 120);
    assert.equal(releaseTraits('1.29.99', compare).renew_days, 90, 'lines before 1.30 never got it');
    assert.equal(releaseTraits('1.40.0', compare).renew_days, 120, 'lines after 1.33 have it from .0');
    assert.equal(releaseTraits('1.21.7', compare).has_rotate, false);
    assert.equal(releaseTraits('1.21.8', compare).has_rotate, true);
    assert.equal(releaseTraits('1.22.4', compare).has_rotate, false);
    assert.equal(releaseTraits('1.23.0', compare).has_rotate, false);
    assert.equal(releaseTraits('1.23.1', compare).has_rotate, true);
    assert.deepEqual(releaseTraits('1.18.20', compare), { renew_days: 90, has_rotate: false, old_serving: true });
    assert.equal(releaseTraits('1.19.0', compare).old_serving, false);
  });

  test('an unknown version (0) is judged as the oldest release', () => {
    assert.deepEqual(releaseTraits('0', compare), { renew_days: 90, has_rotate: false, old_serving: true });
  });

  test("fromReleases: a line's release counts inside its line only, the newest for every later line", () => {
    assert.equal(fromReleases('1.31.8', ['1.31.9', '1.33.1'], compare), false);
    assert.equal(fromReleases('1.32.0', ['1.31.9', '1.33.1'], compare), false);
    assert.equal(fromReleases('2.0.0', ['1.31.9', '1.33.1'], compare), true);
  });

  test("every release 1.17.0–1.36.30 (and release candidates) judged as the playbooks' Jinja judged it", () => {
    const versions = ['0'];
    for (let minor = 17; minor <= 36; minor++) for (let patch = 0; patch <= 30; patch++) versions.push(`1.${minor}.${patch}`);
    versions.push('1.33.1-rc1', '1.30.13-rc2', '1.23.1-rc1');
    for (const v of versions) {
      const want = Object.fromEntries(Object.entries(ORACLE).map(([k, expr]) => [k, renderTemplate(expr, { v })]));
      assert.deepEqual(renderTemplate('{{ v | k3s_release_traits }}', { v }), want, v);
    }
  });
});

describe('known bugs', () => {
  const bug = (over: Partial<KnownBugEntry> = {}): KnownBugEntry => ({
    id: 'b',
    title: 'it breaks',
    refs: ['k3s#1', 'k3s#2'],
    nodes: ['server'],
    remedy: 'rotate fixes it',
    affected: [
      { minor: '1.22', first_bad: '1.22.5', first_fixed: '1.22.13' },
      { minor: '1.21', first_bad: '1.21.8', first_fixed: null },
    ],
    ...over,
  });

  test('a range covers its line from first_bad up to, not including, first_fixed; a null first_fixed never ends', () => {
    const [r22, r21] = bug().affected;
    assert.deepEqual(
      ['1.22.4', '1.22.5', '1.22.12', '1.22.13', '1.23.5'].map((v) => rangeMatches(r22!, v, compare)),
      [false, true, true, false, false],
    );
    assert.deepEqual(
      ['1.21.7', '1.21.8', '1.21.99'].map((v) => rangeMatches(r21!, v, compare)),
      [false, true, true],
    );
  });

  test('entries match on their nodes only, in table order, once each', () => {
    const table = [bug({ id: 'a', nodes: ['agent'] }), bug({ id: 's' }), bug({ id: 'both', nodes: ['server', 'agent'] })];
    assert.deepEqual(bugIdsAffecting(table, '1.22.6', 'server', compare), ['s', 'both']);
    assert.deepEqual(bugIdsAffecting(table, '1.22.6', 'agent', compare), ['a', 'both']);
    assert.deepEqual(bugIdsAffecting(table, '0', 'server', compare), []);
  });

  test('the note names the version, the title, the first ref and the remedy', () => {
    assert.equal(bugNote(bug(), 'v1.22.6+k3s1'), 'v1.22.6+k3s1: it breaks (k3s#1): rotate fixes it');
    assert.deepEqual(renderTemplate('{{ bugs | k3s_bug_notes("v1") }}', { bugs: [bug()] }), ['v1: it breaks (k3s#1): rotate fixes it']);
  });

  test('a malformed table entry is a template error naming the entry and the field', () => {
    assert.throws(
      () => renderTemplate("{{ t | k3s_bug_ids('1.22.6', 'server') }}", { t: [bug(), { ...bug(), affected: [{ minor: '1.22' }] }] }),
      /known bugs table entry 2: affected\[0\]\.first_bad must be a string/,
    );
  });
});
