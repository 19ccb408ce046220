/**
 * Where `template` finds its file on the controller, as Ansible searches: an absolute `src` as
 * it is; a relative one in the playbook's `templates/` directory first, then in the playbook's
 * directory itself.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { playbookDir } from '../host-ops/playbook-dir.js';
import type { StepContext } from '../step-run.js';

/** The largest template file read (the rendered output has the template engine's own bound). */
export const MAX_TEMPLATE_FILE = 4 * 1024 * 1024;

/** A template file found and read. */
export interface TemplateFile {
  /** Absolute path on the controller. */
  path: string;
  text: string;
  mtime: Date;
}

/** Candidate paths for `src`, in search order. */
export function templateCandidates(src: string, playbookDir: string): string[] {
  if (isAbsolute(src)) return [src];
  return [join(playbookDir, 'templates', src), join(playbookDir, src)];
}

/** Finds and reads `src`; a string is an error message. */
export async function loadTemplateFile(src: string, ctx: StepContext): Promise<TemplateFile | string> {
  const candidates = templateCandidates(src, playbookDir(ctx));
  for (const path of candidates) {
    try {
      const info = await stat(path);
      if (info.isDirectory()) return `${src} is a directory on the controller (${path})`;
      if (info.size > MAX_TEMPLATE_FILE) return `${src} is larger than ${MAX_TEMPLATE_FILE} bytes`;
      const bytes = await readFile(path);
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      return { path, text, mtime: info.mtime };
    } catch (error) {
      if (error instanceof TypeError) return `${path} is not UTF-8 text`;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') return `cannot read ${path} on the controller: ${code ?? String(error)}`;
    }
  }
  return `could not find the template ${src} on the controller (looked in ${candidates.join(', ')})`;
}
