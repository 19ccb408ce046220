/**
 * Resolving the `owner` and `group` arguments to numeric ids on the host, in the same command
 * that reads the path, so a step can compare them with what `stat` says without another round
 * trip and without trusting that the controller's user database matches the host's.
 */
import { shellQuote } from '../../connection/shell-quote.js';

/**
 * Shell functions `cb_uid NAME` and `cb_gid NAME`: the numeric id, or `?` when the name is
 * unknown. A numeric argument is returned as it is. `getent` is used where it exists (LDAP,
 * NSS), `/etc/group` otherwise (busybox); names reach `awk` through the environment, never
 * through its program text.
 */
export const ID_FUNCTIONS = [
  'cb_uid() {',
  '  case $1 in "" | -*) echo "?" ;; *[!0-9]*) id -u -- "$1" 2>/dev/null || echo "?" ;; *) echo "$1" ;; esac',
  '}',
  'cb_gid() {',
  '  case $1 in "" | -*) echo "?"; return ;; *[!0-9]*) ;; *) echo "$1"; return ;; esac',
  '  if command -v getent >/dev/null 2>&1; then cb_g=$(getent group "$1" | cut -d: -f3)',
  '  else cb_g=$(cb_n=$1 awk -F: \'$1 == ENVIRON["cb_n"] { print $3; exit }\' /etc/group); fi',
  '  echo "${cb_g:-?}"',
  '}',
].join('\n');

/** The lines of a script that print `U <uid>` and `G <gid>` for the arguments given. */
export function idLookups(owner: string | undefined, group: string | undefined): string[] {
  const lines: string[] = [];
  if (owner !== undefined) lines.push(`printf 'U %s\\n' "$(cb_uid ${shellQuote(owner)})"`);
  if (group !== undefined) lines.push(`printf 'G %s\\n' "$(cb_gid ${shellQuote(group)})"`);
  return lines;
}

/** Reads an `U`/`G` answer line: the id, or undefined when the name is unknown on the host. */
export function parseIdLine(line: string | undefined): number | undefined {
  const value = line?.slice(2).trim();
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}
