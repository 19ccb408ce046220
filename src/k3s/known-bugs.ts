/**
 * Matching a release against a known-bugs table (playbooks/vars/k3s-known-bugs.yaml and
 * rke2-known-bugs.yaml: the data stays there, the simulator reads it too), and the finding each
 * matched bug makes. The simulator matches with its own code (src/simulator/k3s-known-bugs.ts):
 * test/playbooks/k3s-known-bugs-table.test.ts holds both to the table.
 */
import type { CompareVersions } from './version-compare.js';

/** One line's affected releases: from `first_bad` up to (not including) `first_fixed`. */
export interface BugRange {
  minor: string;
  first_bad: string;
  first_fixed: string | null;
}

/** A table entry, as far as matching and naming go (the table's other fields pass through). */
export interface KnownBugEntry {
  id: string;
  title: string;
  refs: readonly string[];
  nodes: readonly string[];
  affected: readonly BugRange[];
  remedy: string;
}

/** The minor line of a release number: `1.23` of `1.23.4`. */
export function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** Whether `range` covers `version`: the same minor line, at or after first_bad, before first_fixed. */
export function rangeMatches(range: BugRange, version: string, compare: CompareVersions): boolean {
  return (
    range.minor === minorOf(version) &&
    compare(version, range.first_bad) >= 0 &&
    (range.first_fixed === null || compare(version, range.first_fixed) < 0)
  );
}

/** The ids of the entries that touch a `role` node (`server`, `agent`) running `version`, in table order. */
export function bugIdsAffecting(table: readonly KnownBugEntry[], version: string, role: string, compare: CompareVersions): string[] {
  return table
    .filter((bug) => bug.nodes.includes(role) && bug.affected.some((r) => rangeMatches(r, version, compare)))
    .map((bug) => bug.id);
}

/** The finding a matched bug makes: `<version>: <title> (<first ref>): <remedy>`. */
export function bugNote(bug: KnownBugEntry, version: string): string {
  return `${version}: ${bug.title} (${bug.refs[0] ?? ''}): ${bug.remedy}`;
}
