/**
 * A file-system error as words a person can act on: "permission denied (EACCES)", "is a
 * directory (EISDIR)". Node's messages also name the syscall and the path (sometimes a
 * temporary path the user never gave); callers name the user's path themselves.
 */

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
