/**
 * `serial`: splits a play's hosts into batches, as Ansible does: a number, a percentage of the
 * play's hosts (rounded down, at least one), or a list of them where the last size repeats.
 * A size of 0 means every host not yet in a batch (ansible-core: `serial <= 0` is all hosts).
 */

/** The batches for `hosts` under `serial` (one batch of everyone when serial is absent). */
export function serialBatches(hosts: readonly string[], serial: ReadonlyArray<number | string> | undefined): string[][] {
  if (!serial || serial.length === 0 || hosts.length === 0) return hosts.length ? [[...hosts]] : [];
  const sizes = serial.map((s) => batchSize(s, hosts.length));
  const batches: string[][] = [];
  let start = 0;
  for (let i = 0; start < hosts.length; i++) {
    const size = sizes[Math.min(i, sizes.length - 1)]!;
    batches.push(hosts.slice(start, start + size));
    start += size;
  }
  return batches;
}

function batchSize(spec: number | string, total: number): number {
  if (typeof spec === 'number') return spec <= 0 ? total : spec;
  const percent = Number.parseFloat(spec);
  return Math.max(1, Math.floor((total * percent) / 100));
}
