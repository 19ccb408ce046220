/**
 * `certbook demo`: a throwaway k3s fleet on loopback, in the state that broke real clusters,
 * found and fixed with the built-in playbooks. Two v1.18 servers sharing a datastore and one
 * agent; every leaf certificate 30 days from expiry and the certificate served on :6443 already
 * expired (old k3s never renews it). Runs check-expiry (finds the trap), rotate (fixes it),
 * check-expiry again (all fine), with certbook's real output, then removes everything.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReportFile, writeHtmlReport } from '../report/html/write-html-report.js';
import { type SimulatedCluster, startSimulatedCluster } from '../simulator/runtime/simulated-cluster.js';
import { demoInventory } from './demo-inventory.js';
import { type DemoSshServer, startDemoSshServer } from './demo-ssh-server.js';

/** Runs certbook with these words after `certbook` and returns its exit code. */
export type RunCertbook = (argv: readonly string[]) => Promise<number>;

/** Where the demo writes its narration. */
export interface DemoOutput {
  write(text: string): unknown;
}

/** What the demo did. */
export interface DemoResult {
  /** Exit codes of check-expiry, rotate, check-expiry. */
  codes: [number, number, number];
  /** True when the first check found trouble, rotate succeeded and the last check was clean. */
  ok: boolean;
  /** Stopped by an interrupt (everything was removed all the same). */
  interrupted?: boolean;
  wallMs: number;
}

/**
 * The fleet: the seed's scenario. Half a day more on each date, so the table's whole days
 * (rounded down) say what the narration says: 30 days left, expired 10 days ago.
 */
export const DEMO_FLEET = { servers: 2, agents: 1, version: 'v1.18.6+k3s1', state: { leafDaysLeft: 30.5, servingDaysLeft: -9.5 } } as const;

/**
 * Builds the fleet, runs the three playbooks through `run`, and cleans up whatever happens. After
 * `stop` (Ctrl-C, SIGTERM, the terminal closed) the playbook running finishes its own cleanup,
 * nothing more starts, and the fleet and its directories are removed.
 */
export async function runDemo(run: RunCertbook, out: DemoOutput, stop?: AbortSignal): Promise<DemoResult> {
  const started = Date.now();
  let cluster: SimulatedCluster | undefined;
  let ssh: DemoSshServer | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'certbook-demo-'));
  try {
    say(
      out,
      'Starting a simulated k3s fleet on loopback: 2 servers (v1.18.6) sharing a datastore, 1 agent.\n' +
        'Every leaf certificate expires in 30 days; the certificate served on :6443 expired 10 days ago.',
    );
    cluster = await startSimulatedCluster({ ...DEMO_FLEET, state: { ...DEMO_FLEET.state } });
    if (stop?.aborted) return interrupted(out, started);
    ssh = await startDemoSshServer(cluster.nodes.map((n) => ({ address: n.address, pathDirs: [cluster!.binDir(n)] })));
    const inventory = join(dir, 'inventory.yaml');
    writeFileSync(inventory, demoInventory(cluster.nodes, ssh));
    say(
      out,
      `Fleet up (${cluster.nodes.map((n) => `${n.name} ${n.address}`).join(', ')}), each node behind an in-process SSH server.\n` +
        `1/3  certbook run check-expiry -i ${inventory}`,
    );
    const reports = { before: join(dir, 'before.json'), after: join(dir, 'after.json') };
    const first = await run(['run', 'check-expiry', '-i', inventory, '--report', reports.before]);
    if (stop?.aborted) return interrupted(out, started);
    say(
      out,
      `check-expiry exited ${first} (2: attention needed; the verdicts above say what to run).\n` +
        'On v1.18 a restart renews the certificate files but never the one served on :6443; rotate handles both.\n' +
        `2/3  certbook run rotate -i ${inventory}`,
    );
    const rotated = await run(['run', 'rotate', '-i', inventory]);
    if (stop?.aborted) return interrupted(out, started);
    say(out, `rotate exited ${rotated}.\n3/3  certbook run check-expiry -i ${inventory}`);
    const last = await run(['run', 'check-expiry', '-i', inventory, '--report', reports.after]);
    if (stop?.aborted) return interrupted(out, started);
    const ok = first === 2 && rotated === 0 && last === 0;
    const pages = writeDemoPages(reports);
    say(out, `The picture of the fleet before and after, one HTML file each (open them in a browser):\n${pages.join('\n')}`);
    say(
      out,
      ok
        ? 'All fine: every certificate renewed, the served one included, kubectl verifies the server again. Cleaning up.'
        : `The demo did not go as expected (exit codes ${first}, ${rotated}, ${last}). Cleaning up.`,
    );
    return { codes: [first, rotated, last], ok, wallMs: Date.now() - started };
  } finally {
    await ssh?.stop();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The HTML reports of the first and last check-expiry, in a directory of their own that outlives
 * the demo (the fleet's directory is removed): what `--html`/`certbook report html` make.
 */
function writeDemoPages(reports: { before: string; after: string }): string[] {
  const keep = mkdtempSync(join(tmpdir(), 'certbook-demo-reports-'));
  return (Object.entries(reports) as Array<[string, string]>).map(([when, json]) => {
    const page = join(keep, `check-expiry-${when}.html`);
    writeHtmlReport(page, [readReportFile(json)], { mode: 0o644 });
    return page;
  });
}

function interrupted(out: DemoOutput, started: number): DemoResult {
  say(out, 'Interrupted: removing the simulated fleet and its directories.');
  return { codes: [99, 99, 99], ok: false, interrupted: true, wallMs: Date.now() - started };
}

function say(out: DemoOutput, text: string): void {
  out.write(`\n==> ${text.replace(/\n/g, '\n    ')}\n`);
}
