/**
 * Debian's `promtool` (package `prometheus`, installed by `npm test`'s set-up): the tests hold
 * `--metrics` and the shipped alerting rules to what Prometheus itself accepts.
 */
import { spawnSync } from 'node:child_process';

/** What one promtool invocation printed (stdout and stderr together) and returned. */
export interface PromtoolResult {
  code: number;
  output: string;
}

/** Runs `promtool ...args`, feeding `input` on stdin (`check metrics` reads the text there). */
export function promtool(args: readonly string[], input?: string): PromtoolResult {
  const r = spawnSync('promtool', args, { input: input ?? '', encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}
