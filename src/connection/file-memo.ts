/**
 * Files every connection reads (known_hosts, ~/.ssh/config, the private key) parsed once per run instead of once
 * per host: at 500 hosts a known_hosts of 500 lines was read and parsed 1,000 times. A file is
 * parsed again when its size, mtime or inode changes (accept-new appends to known_hosts).
 */
import { readFileSync, statSync } from 'node:fs';

interface Memo {
  stamp: string;
  value: unknown;
}

const memos = new Map<string, Memo>();

/**
 * `parse(bytes)` of `file`'s content, reusing the last result while the file is unchanged.
 * Throws what reading throws (a missing file), so callers keep their own handling.
 */
export function parsedFile<T>(file: string, kind: string, parse: (bytes: Buffer) => T): T {
  const st = statSync(file, { bigint: true });
  const stamp = `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  const key = `${kind}\0${file}`;
  const memo = memos.get(key);
  if (memo?.stamp === stamp) return memo.value as T;
  const value = parse(readFileSync(file));
  memos.set(key, { stamp, value });
  return value;
}
