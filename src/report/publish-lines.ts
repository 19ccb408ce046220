/**
 * `publish` in a loop, as the plain reporter shows it: one line per host for the whole loop
 * instead of one per row. check-expiry publishes every certificate of every node this way, and
 * a line per row made a demo run ~900 lines of `ok: [node] => (item=…)` that said nothing the
 * table at the end does not. `publish` is certbook's own step, so no Ansible output is at stake;
 * failed items still print one by one, and the JSON report keeps every row and item.
 */

/** Whether an item of this task is folded into its host's one line. */
export function foldsItem(step: string, status: string): boolean {
  return step === 'publish' && (status === 'ok' || status === 'skipped');
}

/**
 * The one line for a host's `publish` loop (`ok: [h1] => (published 14 rows to certificates)`),
 * or undefined when the result is not a publish loop's.
 */
export function publishLoopLine(step: string, status: string, host: string, result: Record<string, unknown>): string | undefined {
  if (step !== 'publish' || !Array.isArray(result.results) || (status !== 'ok' && status !== 'skipped')) return undefined;
  const items = result.results as Array<Record<string, unknown>>;
  const published = items.filter((i) => i.skipped !== true && i.failed !== true);
  const rows = published.reduce((sum, i) => sum + (typeof i.added === 'number' ? i.added : 0), 0);
  const tables = [...new Set(published.map((i) => String(i.table)))];
  const skipped = items.filter((i) => i.skipped === true).length;
  const parts = [`published ${rows} row${rows === 1 ? '' : 's'}${tables.length ? ` to ${tables.join(', ')}` : ''}`];
  if (skipped) parts.push(`${skipped} item${skipped === 1 ? '' : 's'} skipped`);
  return `${status === 'skipped' ? 'skipping' : 'ok'}: [${host}] => (${parts.join(', ')})\n`;
}
