/**
 * Reading a path's metadata on the host with `stat -c`, in a format GNU coreutils and busybox
 * both print: the raw mode in hex (`%f`, which carries the file type as well as the permission
 * bits) and plain numbers, so nothing depends on `%F`'s wording or on the locale.
 */

/** The `stat -c` format; fields in the order {@link parseStatFields} reads them. */
export const STAT_FORMAT = '%f %s %u %g %h %i %d %X %Y %Z %U %G';

/**
 * Shell function `cb_stat FLAG PATH` (FLAG is `-L` to follow links, or `-P`). Prints one line:
 * `S <fields>` when the path exists, `A` when it does not (or a parent is not a directory),
 * `E <message>` for any other failure, such as a parent directory we may not search.
 */
export const STAT_FUNCTION = [
  'cb_stat() {',
  '  if [ "$1" = -L ]; then cb_o=$(stat -L -c ' +
    `'${STAT_FORMAT}'` +
    ' -- "$2" 2>&1); else cb_o=$(stat -c ' +
    `'${STAT_FORMAT}'` +
    ' -- "$2" 2>&1); fi',
  '  if [ $? -eq 0 ]; then printf \'S %s\\n\' "$cb_o"; return 0; fi',
  "  case $cb_o in *'No such file'*|*'Not a directory'*) echo A ;; *) printf 'E %s\\n' \"$cb_o\" | tr '\\n' ' '; echo ;; esac",
  '}',
].join('\n');

/** What kind of file a mode says. */
export type FileKind = 'file' | 'directory' | 'link' | 'fifo' | 'socket' | 'char' | 'block' | 'unknown';

/** The metadata of one path. */
export interface PathFacts {
  kind: FileKind;
  /** Permission bits including setuid/setgid/sticky (`mode & 0o7777`). */
  perms: number;
  size: number;
  uid: number;
  gid: number;
  nlink: number;
  inode: number;
  dev: number;
  atime: number;
  mtime: number;
  ctime: number;
  owner: string;
  group: string;
}

/** The answer of `cb_stat`. */
export type StatAnswer = { state: 'present'; facts: PathFacts } | { state: 'absent' } | { state: 'error'; message: string };

const KINDS: Record<number, FileKind> = {
  0o040000: 'directory',
  0o100000: 'file',
  0o120000: 'link',
  0o010000: 'fifo',
  0o140000: 'socket',
  0o020000: 'char',
  0o060000: 'block',
};

/** Decodes a raw mode into its kind and permission bits. */
export function decodeMode(raw: number): { kind: FileKind; perms: number } {
  return { kind: KINDS[raw & 0o170000] ?? 'unknown', perms: raw & 0o7777 };
}

/** Parses the fields `stat -c STAT_FORMAT` printed; undefined when the line is not that. */
export function parseStatFields(line: string): PathFacts | undefined {
  const parts = line.trim().split(' ');
  if (parts.length < 12 || !/^[0-9a-f]+$/i.test(parts[0]!)) return undefined;
  const n = parts.slice(1, 10).map(Number);
  if (n.some((x) => !Number.isFinite(x))) return undefined;
  const [size, uid, gid, nlink, inode, dev, atime, mtime, ctime] = n as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const { kind, perms } = decodeMode(Number.parseInt(parts[0]!, 16));
  // Names of unknown ids are printed as UNKNOWN; say the id instead, as `ls` does.
  const owner = parts[10] === 'UNKNOWN' ? String(uid) : parts[10]!;
  const group = parts.slice(11).join(' ') === 'UNKNOWN' ? String(gid) : parts.slice(11).join(' ');
  return { kind, perms, size, uid, gid, nlink, inode, dev, atime, mtime, ctime, owner, group };
}

/** Parses one `cb_stat` answer line. */
export function parseStatAnswer(line: string | undefined): StatAnswer {
  if (line === undefined) return { state: 'error', message: 'no answer from the host' };
  if (line === 'A') return { state: 'absent' };
  if (line.startsWith('S ')) {
    const facts = parseStatFields(line.slice(2));
    return facts ? { state: 'present', facts } : { state: 'error', message: `unexpected stat output: ${line.slice(2, 100)}` };
  }
  if (line.startsWith('E '))
    return {
      state: 'error',
      message: line
        .slice(2)
        .trim()
        .replace(/^stat: /, ''),
    };
  return { state: 'error', message: `unexpected answer: ${line.slice(0, 100)}` };
}

/** Permission bits as Ansible prints them: at least four octal digits (`'0644'`, `'4755'`). */
export function octal(perms: number): string {
  return perms.toString(8).padStart(4, '0');
}

/** The fields Ansible's `stat` registers that follow from the metadata alone. */
export function ansibleStatFields(path: string, f: PathFacts): Record<string, unknown> {
  const bit = (b: number): boolean => (f.perms & b) !== 0;
  return {
    exists: true,
    path,
    mode: octal(f.perms),
    isdir: f.kind === 'directory',
    isreg: f.kind === 'file',
    islnk: f.kind === 'link',
    ischr: f.kind === 'char',
    isblk: f.kind === 'block',
    isfifo: f.kind === 'fifo',
    issock: f.kind === 'socket',
    uid: f.uid,
    gid: f.gid,
    pw_name: f.owner,
    gr_name: f.group,
    size: f.size,
    inode: f.inode,
    dev: f.dev,
    nlink: f.nlink,
    atime: f.atime,
    mtime: f.mtime,
    ctime: f.ctime,
    rusr: bit(0o400),
    wusr: bit(0o200),
    xusr: bit(0o100),
    rgrp: bit(0o040),
    wgrp: bit(0o020),
    xgrp: bit(0o010),
    roth: bit(0o004),
    woth: bit(0o002),
    xoth: bit(0o001),
    isuid: bit(0o4000),
    isgid: bit(0o2000),
  };
}
