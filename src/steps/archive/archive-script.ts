/**
 * The two commands of `archive`. The first reads and compares, so check mode runs it too: it
 * lists the existing tarballs, hashes the tar stream of `path` and the uncompressed stream of
 * the newest tarball (GNU tar and busybox write the same stream for the same tree, so equal
 * hashes mean equal contents, modes, owners and times), and measures the space needed and free.
 * The second writes the new tarball under a temporary name, renames it, and applies `retain`.
 */
import { shellJoin, shellQuote } from '../../connection/shell-quote.js';
import type { ArchiveArgs } from '../archive.js';
import { CHECKSUM_FUNCTION } from '../stat-run.js';
import { archiveGlob } from './archive-names.js';

/** tar's arguments for reading `path`: `-C path`, excludes, then `.`. */
function tarSource(excludes: readonly string[]): string {
  return `-C "$p" ${excludes.map((e) => shellQuote(`--exclude=${e}`)).join(' ')} .`;
}

/**
 * Output: `@NOSRC reason` and nothing else when `path` cannot be archived; otherwise `L name`
 * per existing tarball (oldest first), `N hash` (or `@TARFAIL`, tar's message on stderr), for
 * the newest `O hash` `S bytes` and, when it equals the source, `F entries`; `K kb-needed`
 * and `V kb-free`.
 */
export function archiveReadScript(a: ArchiveArgs, prefix: string, excludes: readonly string[]): string {
  const unzip = a.format === 'tar.gz' ? 'gzip -dc' : 'cat';
  return [
    'export LC_ALL=C',
    CHECKSUM_FUNCTION,
    `p=${shellQuote(a.path)}`,
    `d=${shellQuote(a.dest)}`,
    'if [ ! -e "$p" ]; then echo "@NOSRC does not exist"; exit 0; fi',
    'if [ ! -d "$p" ]; then echo "@NOSRC is not a directory"; exit 0; fi',
    'if [ ! -r "$p" ] || [ ! -x "$p" ]; then echo "@NOSRC permission denied"; exit 0; fi',
    'cb_new=',
    `if [ -d "$d" ]; then for f in "$d"/${archiveGlob(prefix, a.format)}; do [ -f "$f" ] && cb_new=$f && printf 'L %s\\n' "\${f##*/}"; done; fi`,
    'cb_hash() { { cb_rc=$( { { tar -cf - ' +
      tarSource(excludes) +
      '; echo "$?" >&3; } | cb_sum sha1 >&4; } 3>&1 ); } 4>&1; return "$cb_rc"; }',
    'if cb_h=$(cb_hash); then printf "N %s\\n" "$cb_h"; else echo @TARFAIL; fi',
    'if [ -n "$cb_new" ]; then',
    `  cb_o=$(${unzip} < "$cb_new" 2>/dev/null | cb_sum sha1); printf "O %s\\nS %s\\n" "$cb_o" "$(wc -c < "$cb_new")"`,
    `  if [ "$cb_o" = "$cb_h" ]; then printf "F %s\\n" "$(${unzip} < "$cb_new" | tar -tf - | wc -l)"; fi`,
    'fi',
    'cb_e=$d; while [ ! -d "$cb_e" ]; do cb_e=$(dirname -- "$cb_e"); done',
    'printf "K %s\\nV %s\\n" "$(du -sk -- "$p" | cut -f1)" "$(df -Pk -- "$cb_e" | awk \'NR == 2 { print $4 }\')"',
  ].join('\n');
}

/** What the write command does. */
export interface ArchiveWrite {
  /** The new tarball's file name, when one is written. */
  name?: string;
  chmod: string;
  /** File names in `dest` to delete. */
  remove: readonly string[];
}

/** Output: `F entries` and `S bytes` of the new tarball. */
export function archiveWriteScript(a: ArchiveArgs, excludes: readonly string[], w: ArchiveWrite, tmpName: string): string {
  const lines = ['set -e', 'export LC_ALL=C', `p=${shellQuote(a.path)}`, `d=${shellQuote(a.dest)}`];
  if (w.name) {
    const z = a.format === 'tar.gz' ? 'z' : '';
    lines.push(
      // A new backup directory is private: backups of server/tls hold private keys.
      '[ -d "$d" ] || (umask 077; mkdir -p -- "$d")',
      `t="$d"/${shellQuote(tmpName)}; f="$d"/${shellQuote(w.name)}`,
      `trap 'rm -f -- "$t"' EXIT`,
      `(umask 077; tar -c${z}f "$t" ${tarSource(excludes)})`,
      `chmod ${w.chmod} -- "$t"`,
      'mv -f -- "$t" "$f"',
      'trap - EXIT',
      `printf "F %s\\nS %s\\n" "$(tar -t${z}f "$f" | wc -l)" "$(wc -c < "$f")"`,
    );
  }
  for (const name of w.remove) lines.push(`${shellJoin(['rm', '-f', '--'])} "$d"/${shellQuote(name)}`);
  return lines.join('\n');
}
