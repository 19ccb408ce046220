/**
 * The one command `unarchive` runs. The tarball is first checked (no absolute or `..` member)
 * and extracted into a private staging directory; the staging tree is then compared with
 * `dest` entry by entry (type, mode, owner, mtime and size, then contents with `cmp`, or a
 * link's target), and only what differs is copied over, each file through a temporary name
 * and a rename. With `clean`, entries of `dest` missing from the staging tree are removed.
 * Directory times are fixed last, children first, so a second restore finds nothing to do.
 * In check mode the same comparison runs and nothing in `dest` is touched.
 *
 * Output: NUL-terminated records: `W rel` written, `T rel` time fixed, `R rel` removed, and
 * `@…` markers (`@CREATES`, `@NOSRC why`, `@NODEST why`, `@UNSAFE name`, `@TARFAIL`, `@DONE`).
 * Names come from `find` as arguments, never from parsed text, so any byte but NUL is safe.
 */
import { shellQuote } from '../../connection/shell-quote.js';
import type { UnarchiveArgs } from '../unarchive.js';

// One staging entry `s` against its target `t`; `continue` when equal, else `W` and (not in
// check mode) the copy. Perms are passed to chmod as five octal digits (see file-mode.ts).
const WRITE_ENTRIES = `set -e
for s; do
  r=\${s#"$S"/}; t=$D/$r
  if [ -L "$s" ]; then
    if [ -L "$t" ] && [ "$(readlink -- "$s")" = "$(readlink -- "$t")" ]; then continue; fi
  elif [ -d "$s" ]; then
    if [ -d "$t" ] && [ ! -L "$t" ] && [ "$(stat -c '%f %u %g' -- "$s")" = "$(stat -c '%f %u %g' -- "$t")" ]; then continue; fi
  elif [ -e "$t" ] && [ ! -L "$t" ] && [ "$(stat -c '%f %u %g %Y %s' -- "$s")" = "$(stat -c '%f %u %g %Y %s' -- "$t")" ] && cmp -s "$s" "$t"; then
    continue
  fi
  printf 'W %s\\0' "$r"
  [ "$C" = 1 ] && continue
  if [ -d "$s" ] && [ ! -L "$s" ]; then
    if [ -L "$t" ] || { [ -e "$t" ] && [ ! -d "$t" ]; }; then rm -f -- "$t"; fi
    [ -d "$t" ] || mkdir -- "$t"
    chmod "$(printf '0%04o' $((0x$(stat -c %f -- "$s") & 07777)))" -- "$t"
    chown "$(stat -c %u:%g -- "$s")" -- "$t" 2>/dev/null || [ "$(id -u)" != 0 ]
  else
    if [ -d "$t" ] && [ ! -L "$t" ]; then rm -rf -- "$t"; fi
    # A copy cut short (a full disk) must not leave its temporary name behind.
    if ! cp -pPR -- "$s" "$t$X"; then rm -rf -- "$t$X"; exit 1; fi
    mv -f -- "$t$X" "$t"
  fi
done`;

// Directories, children first: fix times that differ (writing into a directory changed them).
// Only staging directories not newer than the mark made just before the extraction come here
// (find -newer compares to the nanosecond): a newer one means tar did not restore its time
// (busybox tar leaves directory times alone), the archived time is unknown, and it is left as
// it is. (Whole seconds were compared before: a directory archived in the very second the
// restore started kept the time the copy gave it.)
const FIX_TIMES = `set -e
for s; do
  if [ "$s" = "$S" ]; then r=.; t=$D; else r=\${s#"$S"/}; t=$D/$r; fi
  [ -d "$t" ] || continue
  # -nt and -ot compare to the nanosecond (dash, bash): a write a moment ago in the same second differs.
  if [ "$s" -nt "$t" ] || [ "$s" -ot "$t" ]; then printf 'T %s\\0' "$r"; [ "$C" = 1 ] || touch -r "$s" -- "$t"; fi
done`;

// Entries of dest missing from the staging tree, children first (a removed directory's
// children are reported too; the controller keeps only the top-most).
const CLEAN = `set -e
for e; do
  r=\${e#"$D"/}
  if [ ! -e "$S/$r" ] && [ ! -L "$S/$r" ]; then printf 'R %s\\0' "$r"; [ "$C" = 1 ] || rm -rf -- "$e"; fi
done`;

/**
 * The script. `dest` must already be normalised (no trailing slash; `./` before a relative
 * path) so that `find` prints paths starting with exactly `dest/`.
 */
export function unarchiveScript(a: UnarchiveArgs, dest: string, check: boolean, tmpSuffix: string): string {
  return [
    'export LC_ALL=C',
    `src=${shellQuote(a.src)}; D=${shellQuote(dest)}; C=${check ? 1 : 0}; X=${shellQuote(tmpSuffix)}; export D C X`,
    ...(a.creates !== undefined ? [`if [ -e ${shellQuote(a.creates)} ]; then printf '@CREATES\\0'; exit 0; fi`] : []),
    `if [ ! -e "$src" ]; then printf '@NOSRC does not exist\\0'; exit 0; fi`,
    `if [ ! -f "$src" ] || [ ! -r "$src" ]; then printf '@NOSRC is not a readable file\\0'; exit 0; fi`,
    `if [ -e "$D" ] && [ ! -d "$D" ]; then printf '@NODEST is not a directory\\0'; exit 0; fi`,
    `z=; [ "$(head -c 2 "$src" | od -An -tx1 | tr -d ' \\n')" = 1f8b ] && z=z`,
    `cb_bad=$(tar -t\${z}f "$src" | awk '/^\\// || /(^|\\/)\\.\\.(\\/|$)/ { print; exit }')`,
    `if [ -n "$cb_bad" ]; then printf '@UNSAFE %s\\0' "$cb_bad"; exit 0; fi`,
    'S=$(mktemp -d "${TMPDIR:-/tmp}/certbook-unarchive.XXXXXX"); export S',
    `trap 'rm -rf -- "$S" "$S.mark"' EXIT`,
    // The mark: made just before the extraction, private like the staging directory beside it.
    'mkdir -m 700 -- "$S.mark"',
    `if ! tar -x\${z}pf "$src" -C "$S"; then printf '@TARFAIL\\0'; exit 0; fi`,
    rootStep(),
    `if [ ${a.clean ? 1 : 0} = 1 ] && [ -d "$D" ]; then find "$D" -mindepth 1 -depth -exec sh -c ${shellQuote(CLEAN)} sh {} + || exit 1; fi`,
    `find "$S" -mindepth 1 -exec sh -c ${shellQuote(WRITE_ENTRIES)} sh {} + || exit 1`,
    `find "$S" -depth -type d ! -newer "$S.mark" -exec sh -c ${shellQuote(FIX_TIMES)} sh {} + || exit 1`,
    `printf '@DONE\\0'`,
  ].join('\n');
}

/** `dest` itself: created when missing, its mode and owner set to the archived root's. */
function rootStep(): string {
  return [
    `if [ ! -d "$D" ] || [ "$(stat -c '%f %u %g' -- "$S")" != "$(stat -c '%f %u %g' -- "$D")" ]; then`,
    `  printf 'W .\\0'`,
    '  if [ "$C" != 1 ]; then',
    '    mkdir -p -- "$D"',
    `    chmod "$(printf '0%04o' $((0x$(stat -c %f -- "$S") & 07777)))" -- "$D"`,
    '    chown "$(stat -c %u:%g -- "$S")" -- "$D" 2>/dev/null || [ "$(id -u)" != 0 ]',
    '  fi',
    'fi',
  ].join('\n');
}
