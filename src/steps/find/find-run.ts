/** `find` on the host: one exec for every root, filters finished on the controller. */

import type { FindArgs } from '../find.js';
import { execOnHost, failed, scriptFailure } from '../host-ops/host-exec.js';
import { ansibleStatFields } from '../host-ops/path-stat.js';
import { asList } from '../host-ops/step-args.js';
import type { StepContext, StepResult } from '../step-run.js';
import { buildFilter } from './find-filter.js';
import { parseFindErrors, parseFindOutput } from './find-output.js';
import { findEnv, findRoot, findScript } from './find-script.js';

/** Output cap for a listing: about 100,000 matches. */
const FIND_OUTPUT_LIMIT = 32 * 1024 * 1024;

/** Runs `find`. */
export async function runFind(a: FindArgs, ctx: StepContext): Promise<StepResult> {
  const paths = asList(a.paths);
  const patterns = asList(a.patterns);
  const excludes = asList(a.excludes);
  const filter = buildFilter(a, patterns, excludes);
  if ('error' in filter) return failed(filter.error);
  const roots = paths.map(findRoot);
  const r = await execOnHost(ctx, findScript(a, roots, patterns, excludes), {
    maxOutputBytes: FIND_OUTPUT_LIMIT,
    env: findEnv(a, patterns, excludes),
  });
  // find exits 1 when some directory could not be read; those are reported, not fatal.
  const problem = scriptFailure(r.rc === 1 ? { ...r, rc: 0 } : r, 'find failed');
  if (problem) return failed(problem);
  const out = parseFindOutput(r.stdout);
  const files = out.entries
    .filter((e) => filter(baseName(e.path), e.facts, out.hostNow))
    .map((e) => ansibleStatFields(unprefix(e.path, roots, paths), e.facts));
  const skipped: Record<string, string> = {};
  for (const [i, reason] of out.skippedRoots) skipped[paths[i] ?? String(i)] = reason;
  for (const [path, reason] of parseFindErrors(r.stderr)) skipped[unprefix(path, roots, paths)] = reason.toLowerCase();
  const data = { files, matched: files.length, examined: out.examined, skipped_paths: skipped };
  return { changed: false, msg: `${files.length} of ${out.examined} entries matched`, data };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Undoes {@link findRoot}'s `./` prefix so results name paths as the user gave them. */
function unprefix(path: string, roots: readonly string[], paths: readonly string[]): string {
  for (const [i, root] of roots.entries()) {
    const original = paths[i]!;
    if (root !== original && (path === root || path.startsWith(`${root}/`))) return original + path.slice(root.length);
  }
  return path;
}
