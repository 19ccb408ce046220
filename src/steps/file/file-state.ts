/**
 * What `file` reads before deciding (one exec): the path's metadata (following links, except
 * for `absent`, which removes the link itself), the ids `owner`/`group` name on the host, and
 * with `recurse`, the mode and ids of every entry below the directory (links skipped: chmod
 * ignores them and their own mode means nothing).
 */
import { shellQuote } from '../../connection/shell-quote.js';
import type { FileArgs } from '../file.js';
import { ID_FUNCTIONS, idLookups, parseIdLine } from '../host-ops/owner-ids.js';
import { decodeMode, parseStatAnswer, STAT_FUNCTION, type StatAnswer } from '../host-ops/path-stat.js';

/** One entry below a directory managed with `recurse`. */
export interface TreeEntry {
  perms: number;
  isDir: boolean;
  uid: number;
  gid: number;
}

/** The state `file` decides from. */
export interface FileState {
  answer: StatAnswer;
  /** The uid `owner` names (undefined when not given or unknown: see `ownerUnknown`). */
  uid?: number;
  gid?: number;
  ownerUnknown: boolean;
  groupUnknown: boolean;
  tree: TreeEntry[];
}

/** The reading script. */
export function fileStateScript(a: FileArgs): string {
  const lines = ['export LC_ALL=C', STAT_FUNCTION, ID_FUNCTIONS, `p=${shellQuote(a.path)}`];
  lines.push(`cb_stat ${a.state === 'absent' ? '-P' : '-L'} "$p"`);
  lines.push(...idLookups(a.owner, a.group));
  if (a.recurse && a.state === 'directory') {
    lines.push('if [ -d "$p" ]; then echo @T; find "$p" -mindepth 1 ! -type l -exec stat -c "%f %u %g" -- {} + 2>/dev/null; fi');
  }
  return lines.join('\n');
}

/** Parses the reading script's output. */
export function parseFileState(a: FileArgs, stdout: string): FileState {
  const lines = stdout.split('\n');
  const uid = parseIdLine(lines.find((l) => l.startsWith('U ')));
  const gid = parseIdLine(lines.find((l) => l.startsWith('G ')));
  const treeAt = lines.indexOf('@T');
  const tree =
    treeAt < 0
      ? []
      : lines
          .slice(treeAt + 1)
          .filter(Boolean)
          .map(parseTreeLine);
  return {
    answer: parseStatAnswer(lines[0]),
    ...(uid !== undefined ? { uid } : {}),
    ...(gid !== undefined ? { gid } : {}),
    ownerUnknown: a.owner !== undefined && uid === undefined,
    groupUnknown: a.group !== undefined && gid === undefined,
    tree,
  };
}

function parseTreeLine(line: string): TreeEntry {
  const [raw = '0', uid = '0', gid = '0'] = line.split(' ');
  const { kind, perms } = decodeMode(Number.parseInt(raw, 16));
  return { perms, isDir: kind === 'directory', uid: Number(uid), gid: Number(gid) };
}
