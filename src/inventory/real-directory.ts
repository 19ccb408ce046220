/** Where a directory really is, so walks that follow links can tell they came back (a loop). */
import { realpathSync } from 'node:fs';

/** The directory's real path (links resolved); the path itself when that cannot be told. */
export function realDirectory(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
