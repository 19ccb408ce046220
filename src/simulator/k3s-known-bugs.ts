/**
 * The known k3s certificate bugs, read from the playbooks' table
 * (`playbooks/vars/k3s-known-bugs.yaml`, the one place their version ranges are written), and
 * the matcher the simulator uses to have each bug exactly where the table says it is.
 */
import { join } from 'node:path';
import { ProblemList } from '../errors/problem.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { readSource } from '../yaml/source-file.js';
import type { K3sVersion } from './k3s-version.js';

/** One line's affected releases: from `first_bad` up to (not including) `first_fixed`. */
export interface KnownBugRange {
  readonly minor: string;
  readonly first_bad: string;
  readonly first_fixed: string | null;
}

/** One entry of the table. */
export interface KnownBug {
  readonly id: string;
  readonly title: string;
  readonly refs: readonly string[];
  readonly nodes: ReadonlyArray<'server' | 'agent'>;
  readonly needs_file?: string;
  readonly affected: readonly KnownBugRange[];
  readonly remedy: string;
  readonly action: string;
}

/** The ids the simulator reproduces (a typo in the table fails loudly rather than silently). */
export type KnownBugId = 'serving-not-renewed' | 'agent-certificate-rotate-fails' | 'supervisor-not-rotated';

/** Where the table lives. */
export const KNOWN_BUGS_FILE = join(PACKAGE_ROOT, 'playbooks', 'vars', 'k3s-known-bugs.yaml');

let cached: readonly KnownBug[] | undefined;

/** The table, parsed once per process by the reader the playbooks' vars files go through. */
export function knownBugs(): readonly KnownBug[] {
  if (cached) return cached;
  const problems = new ProblemList();
  const data = readSource(KNOWN_BUGS_FILE, problems)?.toJS(problems) as { k3s_known_bugs: KnownBug[] } | undefined;
  if (!problems.ok || !data) throw new Error(`${KNOWN_BUGS_FILE}: ${problems.items.map((p) => p.message).join('; ')}`);
  cached = data.k3s_known_bugs;
  return cached;
}

/** `1.22.13` → [1, 22, 13]. */
function parts(text: string): number[] {
  return text.split('.').map(Number);
}

/** True when `range` covers `v` (same minor line, at or after first_bad, before first_fixed). */
export function rangeCovers(range: KnownBugRange, v: K3sVersion): boolean {
  const [, minor] = parts(range.minor);
  if (minor !== v.minor) return false;
  if (v.patch < parts(range.first_bad)[2]!) return false;
  return range.first_fixed === null || v.patch < parts(range.first_fixed)[2]!;
}

/** True when release `v` has bug `id` (whatever the node's role or files). */
export function hasKnownBug(v: K3sVersion, id: KnownBugId): boolean {
  const bug = knownBugs().find((b) => b.id === id);
  if (!bug) throw new Error(`known bug '${id}' is not in ${KNOWN_BUGS_FILE}`);
  return bug.affected.some((r) => rangeCovers(r, v));
}
