/**
 * What the HTML report shows, computed from one or more JSON reports (`--report`, or saved
 * ones merged by `certbook report html`): the runs, the certificate rows of check-expiry's
 * `certificates` table, and per cluster its summary (`clusters` table), status counts, nodes,
 * findings (each failed or unreachable host's message) and whether the seed's trap is there
 * (the served certificate or the k3s-serving Secret stale while the files are fresh).
 * Pure data: no HTML here (html-page.ts renders it).
 */

/** The statuses a certificate row can have, worst first. */
export const STATUSES = ['EXPIRED', 'NOT YET VALID', 'WARNING', 'UNREADABLE', 'OK'] as const;
/** One of {@link STATUSES}. */
export type CertificateStatus = (typeof STATUSES)[number];

/** The part of a certbook JSON report (`schemas/report.schema.json`) the HTML report reads. */
export interface ReportJson {
  reportVersion: number;
  playbook: string;
  check?: boolean;
  startedAt: string;
  finishedAt?: string | null;
  exitCode?: number | null;
  interrupted?: boolean;
  complete?: boolean;
  hosts?: string[];
  plays?: Array<{
    name?: string;
    tasks?: Array<{ name?: string; results?: Array<{ host: string; status: string; result?: Record<string, unknown> }> }>;
  }>;
  records?: Record<string, { columns?: string[]; rows?: Array<{ host: string; values: Record<string, unknown> }> }>;
}

/** One certificate, as check-expiry published it. */
export interface CertificateRow {
  host: string;
  cluster: string;
  source: string;
  path: string;
  subject: string;
  issuer: string;
  isCa: boolean;
  notBefore: Date | undefined;
  notAfter: Date | undefined;
  daysLeft: number | undefined;
  status: CertificateStatus;
}

/** A failed or unreachable host's message. */
export interface Finding {
  host: string;
  unreachable: boolean;
  message: string;
}

/** One cluster: its summary row, rows, nodes (servers first as reported), counts and findings. */
export interface ClusterView {
  name: string;
  servers: number | undefined;
  agents: number | undefined;
  /** What to run (check-expiry's verdict: rotate, force-reissue-serving, attention, nothing). */
  run: string | undefined;
  soonest: { what: string; notAfter: Date | undefined; daysLeft: number | undefined } | undefined;
  nodes: string[];
  rows: CertificateRow[];
  counts: Record<CertificateStatus, number>;
  findings: Finding[];
  /** The warning window in days, as the rows' statuses show it (k3s's 90 or 120, or `-e warn_days`). */
  windowDays: number;
  /** The seed's trap in words, when the served certificate or the Secret is stale while every leaf file is fresh. */
  trap: string | undefined;
}

/** One run whose report went in. */
export interface RunSummary {
  playbook: string;
  check: boolean;
  startedAt: Date;
  finishedAt: Date | undefined;
  exitCode: number | undefined;
  interrupted: boolean;
  complete: boolean;
}

/** Everything the page shows. */
export interface FleetView {
  runs: RunSummary[];
  /** The moment the rows were judged at: now, or check-expiry's `-e at` when it was given. */
  judgedAt: Date;
  /** When the (latest) run started: "today" on the timeline. */
  today: Date;
  clusters: ClusterView[];
  /** Failed or unreachable hosts that have no certificate row (e.g. never reached). */
  unplaced: Finding[];
  rows: CertificateRow[];
  counts: Record<CertificateStatus, number>;
}

const DAY_MS = 86_400_000;

/** An empty count per status. */
export function zeroCounts(): Record<CertificateStatus, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<CertificateStatus, number>;
}

function date(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function status(value: unknown): CertificateStatus {
  return (STATUSES as readonly string[]).includes(String(value)) ? (value as CertificateStatus) : 'UNREADABLE';
}

function certificateRows(report: ReportJson): CertificateRow[] {
  return (report.records?.certificates?.rows ?? []).map(({ host, values: v }) => ({
    host: text(v.host ?? host),
    cluster: text(v.cluster) || 'unknown',
    source: text(v.source),
    path: text(v.path),
    subject: text(v.subject),
    issuer: text(v.issuer),
    isCa: v.is_ca === true || v.is_ca === 'true' || v.is_ca === 'True',
    notBefore: date(v.not_before),
    notAfter: date(v.not_after),
    daysLeft: num(v.days_left),
    status: status(v.status),
  }));
}

/**
 * The judging moment. `days_left` is whole days from it to each `not_after`, so each row bounds
 * it to one day; the rows together pin it. When that day holds the run's start, it is the run's
 * start; otherwise check-expiry ran with `-e at` and the bound is the answer (to the day).
 */
function judgedAt(rows: readonly CertificateRow[], startedAt: Date): Date {
  let low = -Infinity;
  let high = Infinity;
  for (const r of rows) {
    if (!r.notAfter || r.daysLeft === undefined) continue;
    // daysLeft = floor((notAfter - at) / day)  ⇔  notAfter - (daysLeft + 1) day < at <= notAfter - daysLeft day
    low = Math.max(low, r.notAfter.getTime() - (r.daysLeft + 1) * DAY_MS);
    high = Math.min(high, r.notAfter.getTime() - r.daysLeft * DAY_MS);
  }
  const t = startedAt.getTime();
  if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) return startedAt;
  if (t > low - DAY_MS && t <= high + DAY_MS) return startedAt;
  return new Date(high);
}

function findings(report: ReportJson): Finding[] {
  const byHost = new Map<string, Finding>();
  for (const play of report.plays ?? []) {
    for (const task of play.tasks ?? []) {
      for (const r of task.results ?? []) {
        if (r.status !== 'failed' && r.status !== 'unreachable') continue;
        byHost.set(r.host, {
          host: r.host,
          unreachable: r.status === 'unreachable',
          message: text(r.result?.msg) || `${r.status}: ${task.name ?? ''}`,
        });
      }
    }
  }
  return [...byHost.values()];
}

/**
 * The window the rows were judged with: longer than every WARNING row's days left, at most the
 * fewest days left of an OK row. k3s's own windows (90, then 120 days) are preferred when they fit.
 */
export function windowDaysOf(rows: readonly CertificateRow[]): number {
  const judged = rows.filter((r) => !r.isCa && r.daysLeft !== undefined && r.daysLeft >= 0);
  const low = Math.max(0, ...judged.filter((r) => r.status === 'WARNING').map((r) => r.daysLeft! + 1));
  const high = Math.min(Infinity, ...judged.filter((r) => r.status === 'OK').map((r) => r.daysLeft!));
  for (const k3s of [90, 120]) if (k3s >= low && k3s <= high) return k3s;
  return low > 0 ? low : 90;
}

const SERVING_SOURCES = new Set(['served', 'secret', 'dynamic-cert']);
const STALE = new Set<CertificateStatus>(['EXPIRED', 'WARNING', 'NOT YET VALID']);

function trapOf(rows: readonly CertificateRow[]): string | undefined {
  const serving = rows.filter((r) => SERVING_SOURCES.has(r.source) && STALE.has(r.status));
  const leaves = rows.filter((r) => r.source === 'file' && !r.isCa);
  if (serving.length === 0 || leaves.length === 0 || leaves.some((r) => r.status !== 'OK')) return undefined;
  const what = [
    ...new Set(
      serving.map((r) =>
        r.source === 'served'
          ? 'the certificate served on the API port'
          : r.source === 'secret'
            ? 'the k3s-serving Secret'
            : 'dynamic-cert.json',
      ),
    ),
  ];
  return (
    `${what.join(', ')} ${serving.some((r) => r.status === 'EXPIRED') ? 'expired' : 'inside the window'} while every leaf file on disk is fresh: ` +
    'kubectl fails with "x509: certificate has expired" though the files look fine, and on old k3s a restart never renews it. ' +
    'Run force-reissue-serving.'
  );
}

/** `items` grouped by `key`, each group in the items' order, the groups in order of first appearance. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The view of `reports` (the latest run's moment is "today"). */
export function buildFleetView(reports: readonly ReportJson[]): FleetView {
  const runs: RunSummary[] = reports.map((r) => ({
    playbook: r.playbook,
    check: r.check === true,
    startedAt: date(r.startedAt) ?? new Date(0),
    finishedAt: date(r.finishedAt ?? undefined),
    exitCode: r.exitCode ?? undefined,
    interrupted: r.interrupted === true,
    complete: r.complete !== false,
  }));
  const rows = reports.flatMap(certificateRows);
  const today = new Date(Math.max(...runs.map((r) => r.startedAt.getTime()), 0));
  const summaries = new Map<string, Record<string, unknown>>();
  for (const r of reports) for (const row of r.records?.clusters?.rows ?? []) summaries.set(text(row.values.cluster), row.values);
  const allFindings = reports.flatMap(findings);
  const byCluster = groupBy(rows, (r) => r.cluster);
  const names = [...new Set([...byCluster.keys(), ...summaries.keys()])].sort();
  const clusters = names.map((name): ClusterView => {
    const own = byCluster.get(name) ?? [];
    const nodes = new Set(own.map((r) => r.host));
    const s = summaries.get(name);
    const counts = zeroCounts();
    for (const r of own) counts[r.status]++;
    return {
      name,
      servers: num(s?.servers),
      agents: num(s?.agents),
      run: s ? text(s.run) || undefined : undefined,
      soonest: s ? { what: text(s.soonest), notAfter: date(s.soonest_not_after), daysLeft: num(s.soonest_days_left) } : undefined,
      nodes: [...nodes],
      rows: own,
      counts,
      findings: allFindings.filter((f) => nodes.has(f.host)),
      windowDays: windowDaysOf(own),
      trap: trapOf(own),
    };
  });
  const counts = zeroCounts();
  for (const r of rows) counts[r.status]++;
  const placed = new Set(rows.map((r) => r.host));
  const unplaced = allFindings.filter((f) => !placed.has(f.host));
  return { runs, judgedAt: judgedAt(rows, today), today, clusters, unplaced, rows, counts };
}
