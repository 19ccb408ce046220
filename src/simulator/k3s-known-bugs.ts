/**
 * The known k3s certificate bugs, read from the playbooks' tables
 * (`playbooks/vars/k3s-known-bugs.yaml`, and `rke2-known-bugs.yaml` for RKE2 releases: the one
 * place their version ranges are written), and the matcher the simulator uses to have each bug
 * exactly where the table says it is.
 */
import { join } from 'node:path';
import { ProblemList } from '../errors/problem.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { readSource } from '../yaml/source-file.js';
import { type K3sVersion, type Program, programOf } from './k3s-version.js';

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

/** Where the k3s table lives. */
export const KNOWN_BUGS_FILE = join(PACKAGE_ROOT, 'playbooks', 'vars', 'k3s-known-bugs.yaml');

/** Each distribution's table file and the variable that holds it. */
const TABLES: Readonly<Record<Program, { file: string; key: string }>> = {
  k3s: { file: KNOWN_BUGS_FILE, key: 'k3s_known_bugs' },
  rke2: { file: join(PACKAGE_ROOT, 'playbooks', 'vars', 'rke2-known-bugs.yaml'), key: 'rke2_known_bugs' },
};

const cached = new Map<Program, readonly KnownBug[]>();

/** A distribution's table (k3s by default), parsed once per process by the reader the playbooks' vars files go through. */
export function knownBugs(program: Program = 'k3s'): readonly KnownBug[] {
  const hit = cached.get(program);
  if (hit) return hit;
  const { file, key } = TABLES[program];
  const problems = new ProblemList();
  const data = readSource(file, problems)?.toJS(problems) as Record<string, KnownBug[]> | undefined;
  if (!problems.ok || !data?.[key]) throw new Error(`${file}: ${problems.items.map((p) => p.message).join('; ') || `no ${key}`}`);
  cached.set(program, data[key]);
  return data[key];
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

/** True when release `v` has bug `id` (whatever the node's role or files), by its distribution's table. */
export function hasKnownBug(v: K3sVersion, id: KnownBugId): boolean {
  const bug = knownBugs(programOf(v)).find((b) => b.id === id);
  if (!bug) throw new Error(`known bug '${id}' is not in ${TABLES[programOf(v)].file}`);
  return bug.affected.some((r) => rangeCovers(r, v));
}
