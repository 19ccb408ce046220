/**
 * Where `copy` gets the bytes: inline `content`, or a file on the controller (relative to the
 * playbook's directory). With `remote_src` the bytes stay on the host and only its path is used.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { CopyArgs } from '../copy.js';
import { searchDirs } from '../host-ops/playbook-dir.js';
import type { StepContext } from '../step-run.js';

/** The largest controller file `copy` sends (it is held in memory and sent over stdin). */
export const MAX_CONTROLLER_FILE = 512 * 1024 * 1024;

/** Bytes held on the controller, with their SHA-1 and (for a file) its permission bits. */
export interface LocalSource {
  bytes: Buffer;
  sha1: string;
  perms?: number;
}

/** Reads `content` or the controller file `src`; a string is an error message. */
export async function loadLocalSource(a: CopyArgs, ctx: StepContext): Promise<LocalSource | string> {
  if (a.content !== undefined) return withSum(typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content);
  const path = findControllerFile(a.src ?? '', searchDirs(ctx));
  try {
    const info = await stat(path);
    if (info.isDirectory()) return `${a.src} is a directory on the controller; copy writes single files`;
    if (info.size > MAX_CONTROLLER_FILE) return `${a.src} is larger than ${MAX_CONTROLLER_FILE} bytes`;
    return { ...withSum(await readFile(path)), perms: info.mode & 0o7777 };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `${a.src} does not exist on the controller (looked for ${path})`
      : `cannot read ${path} on the controller: ${code ?? String(error)}`;
  }
}

function withSum(bytes: Buffer): LocalSource {
  return { bytes, sha1: createHash('sha1').update(bytes).digest('hex') };
}

/**
 * Where `copy` finds a relative `src`, as Ansible's search path does: `files/SRC`, then `SRC`,
 * in the role's directory (for a task in a role), then in the playbook's. The last candidate
 * when none exists, so the error names the plain path as before.
 */
export function findControllerFile(src: string, dirs: readonly string[]): string {
  if (isAbsolute(src)) return src;
  const candidates = dirs.flatMap((dir) => [join(dir, 'files', src), join(dir, src)]);
  return candidates.find((c) => existsSync(c)) ?? candidates[candidates.length - 1]!;
}
