/**
 * Whether reports can be merged into one run's: they must be of one playbook, in one mode,
 * either all whole runs or the shards 1…N of one N (every one, each once), with no host twice
 * and no `partition_by` partition (the k3s playbooks: a cluster) in two of them. Every reason
 * is collected, so one look at the output says everything that is wrong.
 */
import type { MergeRefusal, ShardReport } from './shard-reports.js';

/** At most this many hosts or keys are named in one message. */
const NAMED = 5;

/** Every reason the reports cannot be merged (empty: they can). `expect` is `--expect N`. */
export function mergeRefusals(reports: readonly ShardReport[], expect?: number): MergeRefusal[] {
  if (reports.length === 0) return [];
  return [...sameRun(reports), ...shardSet(reports, expect), ...overlappingHosts(reports), ...splitPartitions(reports)];
}

function sameRun(reports: readonly ShardReport[]): MergeRefusal[] {
  const out: MergeRefusal[] = [];
  for (const [what, of, hint] of [
    ['playbook', (r: ShardReport) => r.report.playbook, "merge the shards of one playbook's run; each playbook gets its own fleet report"],
    ['check mode', (r: ShardReport) => String(r.report.check), 'a --check run and a real run are different runs'],
    ['diff mode', (r: ShardReport) => String(r.report.diff), 'run every shard with the same flags'],
  ] as const) {
    const groups = groupFiles(reports, of);
    if (groups.size > 1) {
      out.push({
        message: `the reports are of different runs (${what}): ${[...groups].map(([v, files]) => `${files.join(', ')}: ${v}`).join('; ')}`,
        hint,
      });
    }
  }
  return out;
}

function shardSet(reports: readonly ShardReport[], expect: number | undefined): MergeRefusal[] {
  const sharded = reports.filter((r) => r.report.shard);
  const whole = reports.filter((r) => !r.report.shard);
  if (sharded.length === 0) {
    return expect === undefined
      ? []
      : [
          {
            message: `--expect ${expect}: ${whole.map((r) => r.file).join(', ')} ${whole.length === 1 ? 'was' : 'were'} not written by a sharded run`,
            hint: 'shards are run with `certbook run … --shard I/N --report FILE`; merge whole runs without --expect',
          },
        ];
  }
  const out: MergeRefusal[] = [];
  if (whole.length > 0) {
    out.push({
      message: `${whole.map((r) => r.file).join(', ')} ${whole.length === 1 ? 'is a whole run' : 'are whole runs'}, the others shards: one run's shards are merged together`,
      hint: 'merge the reports of one `--shard I/N` run, all N of them',
    });
  }
  const counts = groupFiles(sharded, (r) => String(r.report.shard!.count));
  if (counts.size > 1) {
    out.push({
      message: `the shards are of different splits: ${[...counts].map(([n, files]) => `${files.join(', ')}: N=${n}`).join('; ')}`,
      hint: "a host's shard depends on N: merge the reports of one run, every shard run with the same N",
    });
    return out;
  }
  const count = sharded[0]!.report.shard!.count;
  const splits = groupFiles(sharded, (r) => `${r.report.shard!.split.hosts} hosts, digest ${r.report.shard!.split.digest}`);
  if (splits.size > 1) {
    out.push({
      message: `the shards split different host lists: ${[...splits].map(([s, files]) => `${files.join(', ')}: ${s}`).join('; ')}`,
      hint: 'every shard must see the same inventory (same files at the same path), --limit and -e: a host could otherwise be in no shard; run them again alike',
    });
    return out;
  }
  if (expect !== undefined && expect !== count) {
    out.push({
      message: `--expect ${expect}, but the shards were run with N=${count} (${sharded.map((r) => r.file).join(', ')})`,
      hint: "a report left from an earlier run with another shard count? merge the current run's reports",
    });
    return out;
  }
  const byIndex = groupFiles(sharded, (r) => String(r.report.shard!.index));
  for (const [index, files] of byIndex) {
    if (files.length > 1)
      out.push({ message: `shard ${index}/${count} is given twice: ${files.join(', ')}`, hint: "give each shard's report once" });
  }
  const missing: number[] = [];
  for (let i = 1; i <= count; i++) if (!byIndex.has(String(i))) missing.push(i);
  const { hosts: splitHosts } = sharded[0]!.report.shard!.split;
  const reported = sharded.reduce((sum, r) => sum + r.report.hosts.length, 0);
  if (missing.length === 0 && byIndex.size === count && reported !== splitHosts) {
    out.push({
      message: `the run split ${splitHosts} hosts, the shards' reports hold ${reported}`,
      hint: "a shard report that was edited, or a bug: compare the shards' --list-hosts",
    });
  }
  if (missing.length > 0) {
    out.push({
      message:
        `${missing.length === 1 ? 'shard' : 'shards'} ${missing.map((i) => `${i}/${count}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: ` +
        `the hosts of ${missing.length === 1 ? 'that shard were' : 'those shards were'} not in any report given`,
      hint: 'a shard that exited 4 or 5 (nothing ran), crashed or was never started writes no report: see its own output, run it again, then merge',
    });
  }
  return out;
}

function overlappingHosts(reports: readonly ShardReport[]): MergeRefusal[] {
  const filesOf = new Map<string, string[]>();
  for (const { file, report } of reports) for (const host of report.hosts) filesOf.set(host, [...(filesOf.get(host) ?? []), file]);
  const twice = [...filesOf].filter(([, files]) => files.length > 1);
  if (twice.length === 0) return [];
  const named = twice.slice(0, NAMED).map(([host, files]) => `${host} (${files.join(', ')})`);
  return [
    {
      message: `${twice.length} host${twice.length === 1 ? ' is' : 's are'} in more than one report: ${named.join(', ')}${twice.length > NAMED ? ', …' : ''}`,
      hint: 'one host, one result: merge reports of disjoint hosts (the shards of one run never overlap)',
    },
  ];
}

/**
 * A `partition_by` key (the k3s playbooks partition by cluster, known only after connecting)
 * met in two reports means a unit the inventory did not keep together: one cluster run in two
 * shards, each seeing part of it. Its merged report would not be one run's.
 */
function splitPartitions(reports: readonly ShardReport[]): MergeRefusal[] {
  const seen = new Map<string, Map<string, string[]>>();
  for (const { file, report } of reports) {
    for (const play of report.plays) {
      for (const [key, hosts] of Object.entries(play.partitions ?? {})) {
        const files = seen.get(key) ?? new Map<string, string[]>();
        const own = files.get(file) ?? [];
        for (const h of hosts) if (!own.includes(h)) own.push(h);
        files.set(file, own);
        seen.set(key, files);
      }
    }
  }
  const out: MergeRefusal[] = [];
  for (const [key, files] of seen) {
    if (files.size < 2) continue;
    const where = [...files].map(
      ([file, hosts]) =>
        `${hosts.slice(0, NAMED).join(', ')}${hosts.length > NAMED ? ', …' : ''} in ${file}${unitsOf(reports, file, hosts)}`,
    );
    out.push({
      message: `${key} (a partition_by key: for the k3s playbooks, a cluster) was run in ${files.size} reports: ${where.join('; ')}`,
      hint: 'its nodes are in different inventory units: give them one k3s_cluster_name (or certbook_shard_unit) so --shard keeps them in one shard, then run again',
    });
  }
  return out;
}

/** ` (unit file:…)`: the shard units the hosts came in, when the report records them. */
function unitsOf(reports: readonly ShardReport[], file: string, hosts: readonly string[]): string {
  const units = reports.find((r) => r.file === file)?.report.shard?.units;
  if (!units) return '';
  const keys = Object.entries(units)
    .filter(([, members]) => members.some((m) => hosts.includes(m)))
    .map(([k]) => k);
  return keys.length > 0 ? ` (unit ${keys.join(', ')})` : '';
}

function groupFiles(reports: readonly ShardReport[], of: (r: ShardReport) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of reports) groups.set(of(r), [...(groups.get(of(r)) ?? []), r.file]);
  return groups;
}
