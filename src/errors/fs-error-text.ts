/**
 * A file-system error as words a person can act on: "permission denied (EACCES)", "is a
 * directory (EISDIR)". Node's messages also name the syscall and the path (sometimes a
 * temporary path the user never gave); callers name the user's path themselves.
 */
import { statSync } from 'node:fs';
import type { Problem } from './problem.js';

/** libuv's words where they would mislead ("illegal operation on a directory" for a read). */
const REASONS: Record<string, string> = {
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENOENT: 'no such file or directory',
  ELOOP: 'too many levels of symbolic links (a loop?)',
};

/** `reason (CODE)` for a Node file-system error; the plain message for anything else. */
export function fsErrorText(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  if (!(error instanceof Error)) return String(error);
  if (!err.code) return err.message;
  // "EACCES: permission denied, open '/x'" → "permission denied".
  const reason = REASONS[err.code] ?? /^[A-Z0-9_]+: ([^,]+)/.exec(err.message)?.[1] ?? err.message;
  return `${reason} (${err.code})`;
}

/**
 * The problem for a file that could not be read: FILE_NOT_FOUND only when it is really not
 * there (ENOENT), FILE_UNREADABLE with the reason for anything else (permission denied, a
 * directory, a part of the path that is a file), so nobody chases a file that exists.
 */
export function fileProblem(error: unknown, shownAs: string, hint?: string): Problem {
  const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
  const problem: Problem = missing
    ? { code: 'FILE_NOT_FOUND', message: `${shownAs} does not exist` }
    : { code: 'FILE_UNREADABLE', message: `${shownAs} cannot be read: ${fsErrorText(error)}` };
  if (hint && missing) problem.hint = hint;
  return problem;
}

/** Whether something is at `path`: only ENOENT and ENOTDIR say no; EACCES and the like say "yes, read it and see". */
export function isPresent(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}
