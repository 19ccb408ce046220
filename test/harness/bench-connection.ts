/**
 * Measures the SSH connection layer against the real test sshd (needs root, like the tests):
 * connect time, exec round trip, sequential and concurrent execs, a batched file read.
 * Run: `npx tsx test/harness/bench-connection.ts`. Prints one JSON object.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHost } from '../../src/connection/open-host.js';
import { settingsFor } from './ssh-settings.js';
import { startSshd } from './sshd.js';

function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

const sshd = await startSshd();
const dir = mkdtempSync(join(tmpdir(), 'certbook-bench-'));
chmodSync(dir, 0o755);
try {
  const settings = settingsFor(sshd);
  const connects: number[] = [];
  for (let i = 0; i < 20; i++) {
    const [ms, h] = await timed(() => openHost(settings));
    connects.push(ms);
    await h.close();
  }
  const host = await openHost(settings);
  const trips: number[] = [];
  for (let i = 0; i < 200; i++) trips.push((await timed(() => host.exec('true')))[0]);
  const [seq50] = await timed(async () => {
    for (let i = 0; i < 50; i++) await host.exec(`echo ${i}`);
  });
  const [par50] = await timed(() => Promise.all(Array.from({ length: 50 }, (_, i) => host.exec(`echo ${i}`))));
  const paths = Array.from({ length: 30 }, (_, i) => join(dir, `c${i}.pem`));
  for (const p of paths) writeFileSync(p, 'x'.repeat(1500));
  const [batch] = await timed(() => host.readFiles(paths, { maxBytes: 65536 }));
  const [oneByOne] = await timed(async () => {
    for (const p of paths) await host.readFile(p, { maxBytes: 65536 });
  });
  await host.close();
  console.log(
    JSON.stringify(
      {
        connectMs: { p50: pct(connects, 50), max: pct(connects, 100) },
        execRoundTripMs: { p50: pct(trips, 50), p95: pct(trips, 95) },
        sequential50ExecsMs: Math.round(seq50),
        concurrent50ExecsMs: Math.round(par50),
        readFiles30BatchedMs: Math.round(batch),
        readFile30SftpOneByOneMs: Math.round(oneByOne),
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  await sshd.stop();
}
