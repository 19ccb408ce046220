/**
 * `npx tsx scripts/bench-tty.ts [hosts] [tasks]`: how long the terminal reporter takes to draw a
 * fleet run (default 500 hosts × 5 tasks) into a fake 120×40 terminal, in the compact counters
 * mode a fleet gets, and, for comparison, with a line per host for a smaller fleet (listr2's
 * default renderer redraws every line on each change). Each once in a burst and once paced (25
 * events at a time, the event loop free in between, as during a real run). Prints times and
 * bytes; asserts nothing.
 */
import { Writable } from 'node:stream';
import type { RunEvent } from '../src/events/run-events.js';
import { createTtyReporter } from '../src/report/tty-reporter.js';

const hostCount = Number(process.argv[2] ?? 500);
const taskCount = Number(process.argv[3] ?? 5);

function fakeTerminal(): { stream: NodeJS.WriteStream; bytes: () => number } {
  let bytes = 0;
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: true, columns: 120, rows: 40 });
  return { stream, bytes: () => bytes };
}

function fleetRun(hosts: number, tasks: number): RunEvent[] {
  const names = Array.from({ length: hosts }, (_, i) => `node-${String(i + 1).padStart(4, '0')}.example.net`);
  const events: RunEvent[] = [
    { kind: 'run_start', playbook: 'check-expiry.yaml', check: false, diff: false, startedAt: new Date().toISOString(), hosts: names },
    { kind: 'play_start', play: 1, name: 'fleet', pattern: 'all', hosts: names },
  ];
  for (let t = 1; t <= tasks; t++) {
    const task = { play: 1, id: `t${t}`, name: `task ${t}`, section: 'tasks' as const, step: 'command' };
    events.push({ kind: 'task_start', task, hosts: names });
    names.forEach((host, i) => {
      const status = i % 97 === 0 ? 'failed' : i % 5 === 0 ? 'changed' : 'ok';
      events.push({
        kind: 'host_result',
        task,
        host,
        status,
        ignored: status === 'failed',
        result: { changed: status === 'changed', msg: '' },
        durationMs: 3,
      });
    });
  }
  const stats = Object.fromEntries(
    names.map((h) => [h, { ok: tasks, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 }]),
  );
  events.push({ kind: 'play_end', play: 1 }, { kind: 'run_end', stats, exitCode: 0, interrupted: false, durationMs: 1 });
  return events;
}

/** Events in one burst, or handed over 25 at a time with the event loop free in between (as a real run does). */
async function measure(label: string, hosts: number, tasks: number, maxHostLines?: number, paced = false): Promise<void> {
  const { stream, bytes } = fakeTerminal();
  const reporter = createTtyReporter({ stream, verbosity: 0, ...(maxHostLines !== undefined ? { maxHostLines } : {}) });
  const events = fleetRun(hosts, tasks);
  const rss = process.memoryUsage().rss;
  const start = performance.now();
  for (let i = 0; i < events.length; i++) {
    reporter.listener(events[i]!);
    if (paced && i % 25 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const emitted = performance.now();
  await reporter.close();
  const drawn = performance.now();
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(
    `${label}${paced ? ', paced' : ''}: ${hosts} hosts × ${tasks} tasks, ${events.length} events: emitted over ${(emitted - start).toFixed(1)} ms, ` +
      `drawn after ${(drawn - start).toFixed(0)} ms, ${mb(bytes())} MB written, RSS +${mb(process.memoryUsage().rss - rss)} MB`,
  );
}

for (const paced of [false, true]) {
  await measure('compact (counters line)', hostCount, taskCount, undefined, paced);
  await measure('line per host', Math.min(hostCount, 30), taskCount, Infinity, paced);
  await measure('line per host, past the limit', Math.min(hostCount, 100), taskCount, Infinity, paced);
}
