#!/usr/bin/env node
/**
 * Runs the test files with node's test runner, `concurrency` files at a time, the longest first:
 * `node --test` sorts the files it is given by name, so the soak would start halfway and run on
 * alone at the end; `run()` keeps the order. Started as `node --import tsx scripts/run-tests.mjs`
 * (each test file's process inherits `--import tsx`). Prints what `node --test` prints (the spec
 * reporter) and exits 1 when anything failed.
 *
 *   node --import tsx scripts/run-tests.mjs                    every test file (npm test)
 *   node --import tsx scripts/run-tests.mjs --no-soak          npm run test:no-soak: no soak, a
 *                                                             smaller fuzz corpus
 *   node --import tsx scripts/run-tests.mjs --durations FILE   also each file's wall time, slowest
 *                                                             first, into FILE
 *   node --import tsx scripts/run-tests.mjs test/x509/…        only these files
 *
 * Two phases: first the soak and the image build (FIRST_PHASE) by themselves, then every other
 * file. The soak's 30 check-expiry runs on 200 hosts keep both cores busy with the hosts' process
 * starts (~32 s a run alone on this project's 2-core machine); beside the other files a run took
 * 45–130 s and the whole soak came near its timeout, while alone it takes ~16 min and the rest
 * follows at full speed. The image build beside it mostly waits on Debian's mirror.
 *
 * CERTBOOK_TEST_CONCURRENCY sets how many files run at once in each phase (default 2).
 * (Plain JavaScript: node loads it before tsx could compile it.)
 */
import { createWriteStream, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import durations from './test-durations.mjs';

/** The longest files (on a loaded 2-core machine), longest first. A file not named here still runs. */
const LONG_FIRST = [
  'test/reliability/soak.test.ts',
  // On a fresh machine it first downloads the image's Debian base (~6 min, mostly waiting on the mirror).
  'test/deploy/container-image.test.ts',
  'test/playbooks/multi-cluster-rotate.test.ts',
  'test/fuzz/pathological-yaml.test.ts',
  'test/playbooks/multi-cluster-check-expiry.test.ts',
  'test/playbooks/sharded-fleet.test.ts',
  'test/playbooks/multi-cluster-rotate-inventories.test.ts',
  'test/playbooks/rotate.test.ts',
  'test/playbooks/certificate-layouts.test.ts',
  'test/playbooks/k3s-known-bugs.test.ts',
  'test/report/html-browser.test.ts',
  'test/playbooks/rotate-fleet.test.ts',
  'test/fuzz/loader-fuzz.test.ts',
  'test/reliability/host-lock.test.ts',
  'test/playbooks/check-expiry.test.ts',
  'test/security/hostile-host-data.test.ts',
  'test/simulator/runtime-ssh.test.ts',
  'test/playbooks/demo.test.ts',
  'test/reliability/faults.test.ts',
  'test/playbooks/force-reissue-serving.test.ts',
  'test/playbooks/multi-cluster-force-reissue-serving.test.ts',
  'test/reliability/interrupt-rotate.test.ts',
  'test/security/planted-secrets.test.ts',
  'test/security/hostile-inventory-ssh.test.ts',
  'test/security/safe-defaults.test.ts',
  'test/security/hostile-k3s-data-dir.test.ts',
];

/** Run before everything else, by themselves (see above). */
const FIRST_PHASE = ['test/reliability/soak.test.ts', 'test/deploy/container-image.test.ts'];

/** What `--no-soak` leaves out. The fuzz files run there too, on CERTBOOK_FUZZ_CASES cases. */
const SLOW_ONLY = ['test/reliability/soak.test.ts'];
const FAST_FUZZ_CASES = '150';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const noSoak = args.includes('--no-soak');
const durationsAt = args.indexOf('--durations');
const durationsFile = durationsAt >= 0 ? args[durationsAt + 1] : undefined;
const named = args.filter((a, i) => !a.startsWith('--') && !(durationsAt >= 0 && i === durationsAt + 1));

/** Every test file, the long ones first, then by path. */
function testFiles() {
  const all = readdirSync(join(root, 'test'), { recursive: true })
    .map((f) => `test/${String(f)}`)
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
  const wanted = all.filter((f) => !(noSoak && SLOW_ONLY.includes(f)));
  const first = LONG_FIRST.filter((f) => wanted.includes(f));
  return [...first, ...wanted.filter((f) => !first.includes(f))];
}

if (noSoak) process.env.CERTBOOK_FUZZ_CASES ??= FAST_FUZZ_CASES;
const files = (named.length > 0 ? named : testFiles()).map((f) => resolve(root, f));
const concurrency = Number(process.env.CERTBOOK_TEST_CONCURRENCY ?? 2);
const firstPhase = files.filter((f) => FIRST_PHASE.some((name) => f === resolve(root, name)));
const phases = [firstPhase, files.filter((f) => !firstPhase.includes(f))].filter((p) => p.length > 0);

// Both reporters see every phase's events as one run: the spec output, the failures listed at the
// end, the durations table.
const toSpec = new PassThrough({ objectMode: true });
toSpec.compose(new spec()).pipe(process.stdout);
const toDurations = durationsFile ? new PassThrough({ objectMode: true }) : undefined;
if (toDurations) toDurations.compose(durations).pipe(createWriteStream(durationsFile));
for (const phase of phases) {
  for await (const event of run({ files: phase, concurrency })) {
    if (event.type === 'test:fail') process.exitCode = 1;
    toSpec.write(event);
    toDurations?.write(event);
  }
}
toSpec.end();
toDurations?.end();
