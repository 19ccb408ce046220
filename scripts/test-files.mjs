#!/usr/bin/env node
/**
 * Prints the test files for `npm test`, one per line, the longest first: node's runner starts
 * files in the order given, `--test-concurrency` at a time, so a long file started last would
 * run on alone at the end. Everything else follows in path order.
 *
 *   node scripts/test-files.mjs          every test file (npm test)
 *   node scripts/test-files.mjs --fast   without the long ones listed in SLOW_ONLY (npm run test:fast)
 *
 * (Plain JavaScript: it runs before anything is compiled.)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The longest files (minutes of a loaded 2-core machine), longest first. A file not named here still runs. */
const LONG_FIRST = [
  'test/reliability/soak.test.ts',
  'test/playbooks/rotate.test.ts',
  'test/fuzz/pathological-yaml.test.ts',
  'test/playbooks/rotate-fleet.test.ts',
  'test/simulator/runtime-ssh.test.ts',
  'test/reliability/faults.test.ts',
  'test/reliability/host-lock.test.ts',
  'test/security/planted-secrets.test.ts',
  'test/security/hostile-host-data.test.ts',
  'test/simulator/node-server-start.test.ts',
  'test/reliability/interrupt-rotate.test.ts',
  'test/simulator/runtime-process.test.ts',
  'test/security/hostile-inventory-ssh.test.ts',
  'test/security/safe-defaults.test.ts',
  'test/playbooks/force-reissue-serving.test.ts',
  'test/steps-run/archive.test.ts',
  'test/runner/batches.test.ts',
  'test/fuzz/loader-fuzz.test.ts',
  'test/playbooks/demo.test.ts',
  'test/playbooks/check-expiry.test.ts',
  'test/x509/openssl-agreement.test.ts',
  'test/steps-run/unarchive.test.ts',
];

/** What `--fast` leaves out: the soak alone (the fuzz files run a smaller corpus there instead, see package.json). */
const SLOW_ONLY = ['test/reliability/soak.test.ts'];

const root = join(import.meta.dirname, '..');
const all = readdirSync(join(root, 'test'), { recursive: true })
  .map((f) => `test/${String(f)}`)
  .filter((f) => f.endsWith('.test.ts'))
  .sort();
const fast = process.argv.includes('--fast');
const wanted = all.filter((f) => !(fast && SLOW_ONLY.includes(f)));
const first = LONG_FIRST.filter((f) => wanted.includes(f));
process.stdout.write([...first, ...wanted.filter((f) => !first.includes(f))].join('\n') + '\n');
