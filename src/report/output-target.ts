/**
 * What an output path (`--report`, `--junit`, `--metrics`, `--events`) names, decided before
 * the run so a path that cannot be written is refused before any host is touched, and decided
 * again just before writing, so the write does what the path is by then:
 *
 * - a regular file, or a name not there yet in a writable directory: written atomically (a
 *   temporary file renamed over it);
 * - a character device (`/dev/null`, a terminal) or a FIFO: written into directly, never
 *   replaced, so reports can be piped;
 * - `/dev/stdout`, `/dev/stderr`: certbook's own output streams;
 * - `/dev/fd/N`, `/proc/self/fd/N`: that open file, written into directly;
 * - a symbolic link: refused. Renaming over it would silently replace the link, and writing
 *   through it would let whoever placed it (in /tmp, say) choose which file certbook (often
 *   root) overwrites.
 * - a directory, a block device, a socket, an empty path, a missing directory: refused.
 */
import { accessSync, constants, lstatSync, type Stats, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsErrorText } from '../errors/fs-error-text.js';

/** Where an output goes. `path` is absolute; `shown` is the path as the user gave it. */
export type OutputTarget =
  | { kind: 'file'; path: string }
  | { kind: 'stream'; path: string; what: 'character device' | 'FIFO' | 'open file' }
  | { kind: 'stdout' }
  | { kind: 'stderr' };

/** Why an output path cannot be written; the message names the reason, not the path. */
export class OutputPathError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'OutputPathError';
  }
}

/** Names of certbook's own streams and of open files, which are written into, never replaced. */
const STDIO: Record<string, 'stdout' | 'stderr'> = {
  '/dev/stdout': 'stdout',
  '/dev/stderr': 'stderr',
  '/dev/fd/1': 'stdout',
  '/dev/fd/2': 'stderr',
  '/proc/self/fd/1': 'stdout',
  '/proc/self/fd/2': 'stderr',
};
const OPEN_FILE = /^\/(?:dev\/fd|proc\/self\/fd)\/\d+$/;

/**
 * What `path` (absolute) is and how it will be written. Throws {@link OutputPathError} when it
 * cannot be written at all.
 */
export function resolveOutputTarget(path: string): OutputTarget {
  if (path === '' || path.endsWith('/'))
    throw new OutputPathError(path === '' ? 'the path is empty' : 'the path names a directory', 'give a file name');
  const stdio = STDIO[path];
  if (stdio) return { kind: stdio };
  if (OPEN_FILE.test(path)) {
    // An fd number that is not open makes stat fail: say so now, not after the run.
    statOrThrow(path, 'follow');
    return { kind: 'stream', path, what: 'open file' };
  }
  const stat = statOrThrow(path, 'link');
  if (!stat) {
    checkWritableDirectory(dirname(path));
    return { kind: 'file', path };
  }
  if (stat.isSymbolicLink()) {
    throw new OutputPathError(
      'it is a symbolic link; certbook neither replaces a link nor writes through one',
      'give the path it points to (`readlink -f PATH`) or remove the link',
    );
  }
  if (stat.isFile()) {
    checkWritableDirectory(dirname(path));
    return { kind: 'file', path };
  }
  if (stat.isCharacterDevice()) return { kind: 'stream', path, what: 'character device' };
  if (stat.isFIFO()) return { kind: 'stream', path, what: 'FIFO' };
  if (stat.isDirectory()) throw new OutputPathError('it is a directory', 'give a file name inside it');
  if (stat.isBlockDevice()) throw new OutputPathError('it is a block device; certbook will not write a report onto a disk');
  throw new OutputPathError('it is a socket, which cannot be opened as a file', 'give a file, a FIFO or /dev/stdout');
}

/** lstat (or stat) of `path`; undefined when nothing is there; any other failure is an OutputPathError. */
function statOrThrow(path: string, links: 'link' | 'follow'): Stats | undefined {
  try {
    return links === 'link' ? lstatSync(path) : statSync(path);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' && links === 'link') {
      // The name is free; whether its directory exists is checkWritableDirectory's question.
      return undefined;
    }
    throw new OutputPathError(`it cannot be looked at: ${fsErrorText(err)}`);
  }
}

/** The directory a new file (or the temporary file of an atomic write) is created in. */
function checkWritableDirectory(dir: string): void {
  let stat: Stats;
  try {
    stat = statSync(dir);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new OutputPathError(`its directory ${dir} does not exist`, `create it first (\`mkdir -p ${dir}\`)`);
    throw new OutputPathError(`its directory ${dir} cannot be looked at: ${fsErrorText(err)}`);
  }
  if (!stat.isDirectory()) throw new OutputPathError(`${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new OutputPathError(`no file can be created in its directory ${dir}: ${fsErrorText(error as NodeJS.ErrnoException)}`);
  }
}
