/**
 * The Prometheus text exposition format (0.0.4), as node_exporter's textfile collector and
 * `promtool check metrics` read it: families of samples, each family once, announced by its
 * `# HELP` and `# TYPE` lines.
 */

/** Label names to values. An empty value is the same as no label to Prometheus, so it is left out. */
export type Labels = Record<string, string>;

/** One sample of a family: its labels and its value. */
export type Sample = readonly [Labels, number];

/** A metric family: every sample of one metric name. */
export interface MetricFamily {
  name: string;
  /** One line; says what the value is and in which unit. */
  help: string;
  type: 'gauge' | 'counter';
  samples: readonly Sample[];
}

/** The families as exposition text, ending with a newline; a family without samples is left out. */
export function formatFamilies(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!family.samples.length) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    // node_exporter's textfile collector refuses a series twice, so the first of two rows that
    // name the same series (a playbook may publish the same certificate twice) is the one kept.
    const seen = new Set<string>();
    for (const [labels, value] of family.samples) {
      const series = `${family.name}${labelText(labels)}`;
      if (seen.has(series)) continue;
      seen.add(series);
      lines.push(`${series} ${formatNumber(value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels).filter(([, v]) => v !== '');
  if (!entries.length) return '';
  // Label values escape backslash, double quote and newline (most have none: a fleet's file has 10^5 of them).
  return `{${entries.map(([k, v]) => `${k}="${NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : v}"`).join(',')}}`;
}

const NEEDS_ESCAPE = /[\\"\n]/;

// HELP text escapes backslash and newline (a raw newline would end the line early).
function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}

/** Unix time in whole seconds of an ISO 8601 date, or undefined when it is not one. */
export function unixSeconds(iso: unknown): number | undefined {
  if (typeof iso !== 'string') return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
