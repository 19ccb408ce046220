/**
 * The tests `find` applies on the controller: regular expressions (Python-style, not something
 * find(1) portably has), and `age`/`size`, which need second and byte precision that the
 * portable find primaries (`-mtime` in days) lack.
 */
import { translatePythonPattern } from '../../python/python-pattern.js';
import type { FindArgs } from '../find.js';
import type { FileKind, PathFacts } from '../host-ops/path-stat.js';
import { parseAge, parseSize } from './find-args.js';

/** Decides whether a found entry is kept. */
export type EntryFilter = (name: string, facts: PathFacts, hostNow: number) => boolean;

/** The filter for `a`, or an error message (a bad regular expression). */
export function buildFilter(a: FindArgs, patterns: readonly string[], excludes: readonly string[]): EntryFilter | { error: string } {
  const tests: EntryFilter[] = [kindTest(a.file_type)];
  if (a.use_regex) {
    const keep = compileAll(patterns, 'patterns');
    const drop = compileAll(excludes, 'excludes');
    if ('error' in keep) return keep;
    if ('error' in drop) return drop;
    tests.push((name) => keep.some((r) => r.test(name)) && !drop.some((r) => r.test(name)));
  }
  if (a.age !== undefined) {
    const age = parseAge(a.age);
    tests.push((_, f, now) => {
      const elapsed = now - f[a.age_stamp];
      return age >= 0 ? elapsed >= age : elapsed <= -age;
    });
  }
  if (a.size !== undefined) {
    const size = parseSize(a.size);
    tests.push((_, f) => (size >= 0 ? f.size >= size : f.size <= -size));
  }
  return (name, facts, now) => tests.every((t) => t(name, facts, now));
}

function kindTest(fileType: FindArgs['file_type']): EntryFilter {
  const want: Record<FindArgs['file_type'], FileKind | undefined> = { file: 'file', directory: 'directory', link: 'link', any: undefined };
  const kind = want[fileType];
  return (_, f) => kind === undefined || f.kind === kind;
}

/** Each pattern anchored at both ends: it must match the whole base name. */
function compileAll(patterns: readonly string[], what: string): RegExp[] | { error: string } {
  const out: RegExp[] = [];
  for (const p of patterns) {
    const compiled = translatePythonPattern(p);
    if ('error' in compiled) return { error: `invalid regular expression in \`${what}\` (${JSON.stringify(p)}): ${compiled.error}` };
    out.push(new RegExp(`^(?:${compiled.regex.source})$`, compiled.regex.flags));
  }
  return out;
}
