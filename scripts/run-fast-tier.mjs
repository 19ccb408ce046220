#!/usr/bin/env node
/**
 * `npm run test:fast`: the fast tier (scripts/test-tiers.mjs: no root, sshd, sudo or kubectl),
 * in two processes that each load their share of the files once. `npm test` runs every file in a
 * process of its own; here the ~1 s each file's process costs to start and compile the sources
 * would be most of the time, so a worker imports its files one after the other (node runs their
 * tests in that order) and the shared sources compile once per worker. The fuzz tests run on
 * CERTBOOK_FUZZ_CASES cases (150 unless set).
 *
 *   npm run test:fast
 *   node scripts/run-fast-tier.mjs --list      the tier's files, and why each other file is not in it
 *
 * Each worker's spec output is printed when it ends; the exit code is 1 if a test failed.
 * (Plain JavaScript: it starts node processes with tsx, it needs none itself.)
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { allTestFiles, fastTierFiles, realPartsReason } from './test-tiers.mjs';

/** Seconds each slow file of the tier took alone (the rest about 1 s): only to split the work evenly. */
const WEIGHTS = {
  'test/fuzz/pathological-yaml.test.ts': 20,
  'test/fuzz/loader-fuzz.test.ts': 6,
  'test/template/regex-time-limit.test.ts': 14,
  'test/report/artifacts.test.ts': 5,
  'test/security/hostile-inventory.test.ts': 4,
  'test/x509/issue.test.ts': 4,
  'test/runner/interrupt-cleanup.test.ts': 4,
  'test/simulator/node-certificate.test.ts': 4,
};
const WORKERS = 2;

const root = join(import.meta.dirname, '..');

if (process.argv.includes('--list')) {
  for (const file of allTestFiles(root)) {
    const reason = realPartsReason(root, file);
    console.log(reason ? `  real parts  ${file}  (${reason})` : `  fast        ${file}`);
  }
  process.exit(0);
}

/** The files split into `WORKERS` shares of about equal weight, heaviest first. */
function shares(files) {
  const weight = (f) => WEIGHTS[f] ?? 1;
  const out = Array.from({ length: WORKERS }, () => ({ files: [], weight: 0 }));
  for (const file of [...files].sort((a, b) => weight(b) - weight(a))) {
    const lightest = out.reduce((a, b) => (b.weight < a.weight ? b : a));
    lightest.files.push(file);
    lightest.weight += weight(file);
  }
  return out.map((s) => s.files);
}

/** Runs one worker; resolves with its exit code and everything it printed. */
function runWorker(files) {
  return new Promise((resolveRun) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test-reporter=spec', join(root, 'scripts', 'fast-tier-worker.mjs'), ...files],
      {
        cwd: root,
        env: { ...process.env, CERTBOOK_FUZZ_CASES: process.env.CERTBOOK_FUZZ_CASES ?? '150' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code, signal) => resolveRun({ code: code ?? 1, signal, output: Buffer.concat(chunks).toString() }));
  });
}

const started = Date.now();
const files = fastTierFiles(root);
let failed = false;
const totals = { tests: 0, pass: 0, fail: 0 };
await Promise.all(
  shares(files).map(async (share, i) => {
    const run = await runWorker(share);
    process.stdout.write(`\n── worker ${i + 1} of ${WORKERS}: ${share.length} files ──\n${run.output}`);
    for (const key of Object.keys(totals)) {
      const match = new RegExp(`^ℹ ${key} (\\d+)$`, 'm').exec(run.output);
      totals[key] += match ? Number(match[1]) : 0;
    }
    if (run.code !== 0) {
      failed = true;
      if (run.signal) process.stdout.write(`worker ${i + 1} ended on ${run.signal}\n`);
    }
  }),
);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\nfast tier: ${files.length} files, ${totals.tests} tests, ${totals.pass} passed, ${totals.fail} failed, ${seconds} s wall`);
process.exitCode = failed ? 1 : 0;
