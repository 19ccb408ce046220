/**
 * The controller-side file a kubeconfig is written to: what is there now, and whether it can be
 * written at all, decided before the host is read. Like certbook's own output files
 * (src/report/output-target.ts) a symbolic link is refused (replacing it would silently drop the
 * link; writing through it would let whoever placed it choose what is overwritten) and so is
 * anything but a regular file. A missing directory is not created: a typo in `kubeconfig_out`
 * must not scatter admin credentials over the disk.
 */
import { constants } from 'node:fs';
import { access, lstat, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { fsErrorText } from '../../errors/fs-error-text.js';

/** The destination as found: its current bytes and mode when it exists. */
export interface ControllerFile {
  existing?: { text: string; mode: number };
}

/** Largest existing file read back for the comparison (a kubeconfig is a few kB). */
const MAX_EXISTING = 1024 * 1024;

/** Looks at `dest` on the controller; a string is why it cannot be written. */
export async function inspectControllerFile(dest: string): Promise<ControllerFile | string> {
  if (!isAbsolute(dest)) return `${dest} is not an absolute path on the controller`;
  const dir = dirname(dest);
  try {
    const d = await stat(dir);
    if (!d.isDirectory()) return `${dir} is not a directory on the controller`;
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR')
      return `the directory ${dir} does not exist on the controller (create it first: mkdir -m 0700 -p ${dir})`;
    return `the directory ${dir} cannot be looked at on the controller: ${fsErrorText(err)}`;
  }
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    return `no file can be created in ${dir} on the controller: ${fsErrorText(error as NodeJS.ErrnoException)}`;
  }
  let info;
  try {
    info = await lstat(dest);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return {};
    return `${dest} cannot be looked at on the controller: ${fsErrorText(err)}`;
  }
  if (info.isSymbolicLink())
    return `${dest} is a symbolic link on the controller; certbook neither replaces a link nor writes through one (give the path it points to)`;
  if (!info.isFile()) return `${dest} exists on the controller and is not a regular file`;
  if (info.size > MAX_EXISTING)
    return `${dest} on the controller is larger than a kubeconfig (${info.size} bytes); certbook will not replace it`;
  return { existing: { text: await readFile(dest, 'utf8'), mode: info.mode & 0o7777 } };
}
