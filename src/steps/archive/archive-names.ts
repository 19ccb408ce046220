/**
 * Tarball names and retention. A name is `<prefix>-<UTC yyyymmddTHHMMSSZ>.<format>`, so the
 * names of one prefix sort by age, and only names of exactly that shape are ever considered
 * (and so ever deleted) by `retain`.
 */
import { posix } from 'node:path';
import { shellQuote } from '../../connection/shell-quote.js';
import type { ArchiveArgs } from '../archive.js';

/**
 * The prefix: `name_prefix`, or the base name of `path` (`/var/lib/…/tls/` → `tls`) with every
 * character that `name_prefix` may not hold made `_`: the name is listed one per line and
 * matched by a glob on the host, so a newline or shell syntax in a directory name must not
 * reach it.
 */
export function archivePrefix(a: ArchiveArgs): string {
  return a.name_prefix ?? (posix.basename(posix.normalize(a.path).replace(/\/+$/, '')).replace(/[^A-Za-z0-9._-]/g, '_') || 'root');
}

/** `20260131T120000Z` for a moment. */
export function utcStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** The file name of a tarball made at `at`. */
export function archiveName(prefix: string, format: ArchiveArgs['format'], at: Date): string {
  return `${prefix}-${utcStamp(at)}.${format}`;
}

/**
 * The shell glob matching exactly the names {@link archiveName} makes. The prefix is quoted:
 * by default it is the base name of `path`, which may hold any shell syntax.
 */
export function archiveGlob(prefix: string, format: ArchiveArgs['format']): string {
  return `${shellQuote(prefix)}-${'[0-9]'.repeat(8)}T${'[0-9]'.repeat(6)}Z.${format}`;
}

const STAMPED = /-\d{8}T\d{6}Z\.(tar|tar\.gz)$/;

/** True when `name` is a tarball of `prefix` in `format`. */
export function isArchiveName(name: string, prefix: string, format: ArchiveArgs['format']): boolean {
  return (
    name.startsWith(`${prefix}-`) &&
    name.endsWith(`.${format}`) &&
    STAMPED.test(name) &&
    name.length === `${prefix}-`.length + 16 + format.length + 1
  );
}

/**
 * The tarballs `retain` deletes: all but the newest `retain`, where the one just written (if
 * any) always counts as the newest, whatever its name says about the clocks involved.
 */
export function retentionVictims(existing: readonly string[], written: string | undefined, retain: number): string[] {
  if (retain <= 0) return [];
  const others = existing
    .filter((n) => n !== written)
    .sort()
    .reverse();
  const keep = written ? retain - 1 : retain;
  return others.slice(Math.max(keep, 0));
}
