/** Synthetic JSON reports for the HTML report's tests: clusters, statuses and hostile text as check-expiry publishes them. */
import type { ReportJson } from '../../src/report/html/fleet-view.js';

const DAY = 86_400_000;

/** One certificate row's values. */
export interface RowSpec {
  host: string;
  cluster: string;
  source?: string;
  path: string;
  subject?: string;
  isCa?: boolean;
  daysLeft: number;
  status: string;
}

/** A check-expiry report judged at `now` with `rows`, a clusters summary and failed verdicts for `failed`. */
export function checkExpiryReport(
  now: Date,
  rows: RowSpec[],
  options: { exitCode?: number; failed?: Record<string, string>; unreachable?: Record<string, string> } = {},
): ReportJson {
  const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const certificates = rows.map((r) => {
    // Half a day past the whole days, so `days_left` is exactly r.daysLeft.
    const notAfter = now.getTime() + (r.daysLeft + 0.5) * DAY;
    return {
      host: r.host,
      values: {
        host: r.host,
        cluster: r.cluster,
        source: r.source ?? 'file',
        path: r.path,
        subject: r.subject ?? 'k3s',
        issuer: 'k3s-server-ca@1',
        is_ca: r.isCa ?? false,
        not_before: iso(notAfter - 365 * DAY),
        not_after: iso(notAfter),
        days_left: r.daysLeft,
        status: r.status,
      },
    };
  });
  const clusters = [...new Set(rows.map((r) => r.cluster))].map((cluster) => ({
    host: rows.find((r) => r.cluster === cluster)!.host,
    values: { cluster, servers: 1, agents: 1, soonest_not_after: '', soonest_days_left: '', soonest: '', run: 'nothing' },
  }));
  const results = [
    ...Object.entries(options.failed ?? {}).map(([host, msg]) => ({ host, status: 'failed', result: { failed: true, msg } })),
    ...Object.entries(options.unreachable ?? {}).map(([host, msg]) => ({
      host,
      status: 'unreachable',
      result: { unreachable: true, msg },
    })),
  ];
  return {
    reportVersion: 1,
    playbook: '/x/playbooks/check-expiry.yaml',
    check: false,
    startedAt: now.toISOString(),
    finishedAt: now.toISOString(),
    exitCode: options.exitCode ?? 0,
    interrupted: false,
    complete: true,
    hosts: [...new Set(rows.map((r) => r.host))],
    plays: [{ name: 'Verdict', tasks: [{ name: 'Certificates need no attention', results }] }],
    records: { certificates: { columns: [], rows: certificates }, clusters: { columns: [], rows: clusters } },
  };
}

/** Text that would be markup, script or reordered text if it reached the page unescaped. */
export const HOSTILE_TEXTS = [
  '<script>window.PWNED=1</script>',
  '"><img src=x onerror="window.PWNED=1">',
  "' onmouseover='window.PWNED=1",
  '</title><script>window.PWNED=1</script>',
  '<svg onload="window.PWNED=1"></svg>',
  'bidi \u202etxt.exe\u202c and \u2066isolate\u2069',
  '<!-- comment --> &amp; ]]>',
];
