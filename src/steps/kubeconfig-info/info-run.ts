/**
 * `kubeconfig_info` at run time: expand the paths on the host, read every file in one round
 * trip, hand each file's secrets to the run (masked from then on), judge its contexts.
 */
import { asList } from '../host-ops/step-args.js';
import { expandHomes } from '../kubeconfig/home-paths.js';
import { parseKubeconfig } from '../kubeconfig/kubeconfig-document.js';
import { type JudgedContext, judgeContexts } from '../kubeconfig/staleness.js';
import type { InfoArgs } from '../kubeconfig-info.js';
import type { StepContext, StepResult } from '../step-run.js';

/** One path's answer. */
interface Judged {
  path: string;
  file?: string;
  exists: boolean;
  error?: string;
  contexts: JudgedContext[];
}

/** Runs the step for one host. */
export async function runKubeconfigInfo(a: InfoArgs, ctx: StepContext): Promise<StepResult> {
  const paths = asList(a.paths);
  const expanded = await expandHomes(paths, ctx);
  const files = expanded.flatMap((e) => ('path' in e ? [e.path] : []));
  const read =
    files.length > 0 ? await ctx.host.readFiles(files, { maxBytes: a.max_size, ...(ctx.become ? { become: ctx.become } : {}) }) : [];
  const byFile = new Map(read.map((r) => [r.path, r]));
  const now = ctx.now();
  const judged = paths.map((path, i): Judged => {
    const e = expanded[i]!;
    if ('error' in e) return { path, exists: false, error: e.error, contexts: [] };
    const r = byFile.get(e.path)!;
    if (!r.ok)
      return { path, file: e.path, exists: r.code !== 'ENOENT', ...(r.code === 'ENOENT' ? {} : { error: r.message }), contexts: [] };
    const k = parseKubeconfig(r.data.toString('utf8'));
    if (typeof k === 'string') return { path, file: e.path, exists: true, error: k, contexts: [] };
    for (const secret of k.secrets) ctx.secret?.(secret);
    return { path, file: e.path, exists: true, contexts: judgeContexts(k, a.current, now) };
  });
  const lines = judged.flatMap((j) =>
    j.error
      ? [`${j.path}: ${j.error}`]
      : !j.exists
        ? [`${j.path}: absent`]
        : j.contexts.length === 0
          ? [`${j.path}: no contexts`]
          : j.contexts.map((c) => `${j.path} [${c.context}]: ${c.state}: ${c.why}`),
  );
  const stale = judged.flatMap((j) => j.contexts.filter((c) => c.state === 'stale').map((c) => `${j.path} [${c.context}]`));
  const counts = new Map<string, number>();
  for (const c of judged.flatMap((j) => j.contexts)) counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
  const msg = counts.size === 0 ? 'no contexts read' : [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
  return { changed: false, msg, data: { kubeconfigs: judged, lines, stale } };
}
