/**
 * The fast tier (`npm run test:fast`) is what scripts/test-tiers.mjs says it is: the files that
 * need no root, sshd, sudo or kubectl. Proven by running it with every privilege dropped (a user
 * namespace: uid 65534, no capabilities) and a PATH without sshd, sudo, su or kubectl: a file
 * that needs one of them fails there and must be named in REAL_PARTS_FILES.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
// @ts-expect-error: plain JavaScript module without declarations (it runs before tsx is loaded).
import { allTestFiles, fastTierFiles, REAL_PARTS_FILES, realPartsReason } from '../../scripts/test-tiers.mjs';
import { tempDir } from '../harness/temp-dir.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WITHHELD = new Set(['sshd', 'sudo', 'su', 'kubectl']);

test('the tiers: every file named as needing real parts exists; the sshd and simulator tests are not fast', () => {
  const all: string[] = allTestFiles(ROOT);
  for (const file of Object.keys(REAL_PARTS_FILES))
    assert.ok(all.includes(file), `${file} is named in REAL_PARTS_FILES but does not exist`);
  const fast: string[] = fastTierFiles(ROOT);
  assert.ok(fast.length >= 100, `the fast tier has ${fast.length} files`);
  assert.ok(!fast.includes('test/steps-run/copy.test.ts'));
  assert.match(realPartsReason(ROOT, 'test/steps-run/copy.test.ts'), /imports test\/harness\/sshd\.ts/);
  assert.match(realPartsReason(ROOT, 'test/playbooks/rotate.test.ts'), /imports test\/harness\/(sshd|simulated-\w+)\.ts/);
  assert.ok(fast.includes('test/template/regex-time-limit.test.ts'));
  assert.ok(fast.includes('test/runner/failures.test.ts'));
});

/** A directory of links to every command on this machine's PATH but the withheld ones. */
function pathWithout(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const from of ['/usr/local/bin', '/usr/bin', '/bin']) {
    if (!existsSync(from)) continue;
    for (const name of readdirSync(from)) {
      if (WITHHELD.has(name) || existsSync(join(bin, name))) continue;
      symlinkSync(join(from, name), join(bin, name));
    }
  }
  return bin;
}

test('the fast tier passes with no privileges and no sshd, sudo or kubectl on its PATH', { timeout: 15 * 60_000 }, () => {
  const dir = tempDir('certbook-fast-tier-');
  const bin = pathWithout(dir);
  for (const name of WITHHELD) assert.equal(existsSync(join(bin, name)), false, `${name} is withheld`);
  assert.equal(existsSync(join(bin, 'node')), true);
  const r = spawnSync(
    'unshare',
    ['--user', '--map-user=65534', '--map-group=65534', process.execPath, join(ROOT, 'scripts', 'run-fast-tier.mjs')],
    { cwd: ROOT, env: { PATH: bin, HOME: dir, TMPDIR: dir, LANG: 'C.UTF-8' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const summary = /^fast tier: (\d+) files, (\d+) tests, (\d+) passed, (\d+) failed/m.exec(r.stdout);
  assert.ok(summary, r.stdout.slice(-3000) + r.stderr.slice(-2000));
  // The spec reporter lists every failure with its error after this line.
  const failures = r.stdout.split('✖ failing tests:').slice(1).join('\n').slice(0, 8000);
  assert.equal(Number(summary[4]), 0, failures);
  assert.equal(r.status, 0, r.stdout.slice(-3000));
  assert.equal(Number(summary[1]), fastTierFiles(ROOT).length);
  assert.ok(Number(summary[3]) >= 1500, `${summary[3]} tests passed`);
});
