/**
 * `template`: the file is found and rendered on the controller, in the same sandbox and with the
 * same variables as the task's own templates, and the text is written exactly as `copy` writes
 * `content` (temporary file, mode and owner, `validate`, backup, rename; nothing when it already
 * matches). Only the template file is rendered: values read from hosts stay text inside it.
 */
import { hostname } from 'node:os';
import { runCopy } from '../copy/copy-run.js';
import { failed } from '../host-ops/host-exec.js';
import type { StepContext, StepResult } from '../step-run.js';
import type { TemplateArgs } from '../template.js';
import { loadTemplateFile, type TemplateFile } from './template-source.js';

/** ansible-core 2.14's default `ansible_managed` (its `DEFAULT_MANAGED_STR`). */
export const ANSIBLE_MANAGED = 'Ansible managed';

/** `newline_sequence` as written (backslash escapes, as in Ansible's docs) to the characters. */
const NEWLINES: Record<TemplateArgs['newline_sequence'], string> = { '\\n': '\n', '\\r': '\r', '\\r\\n': '\r\n' };

/** Runs `template`. */
export async function runTemplate(a: TemplateArgs, ctx: StepContext): Promise<StepResult> {
  const file = await loadTemplateFile(a.src, ctx);
  if (typeof file === 'string') return failed(file, { dest: a.dest });
  if (!ctx.renderText) return failed('templates cannot be rendered here (no task variables)', { dest: a.dest });
  let text: string;
  try {
    text = ctx.renderText(file.text, templateVars(a, file, ctx.now()));
  } catch (error) {
    return failed(`${a.src}: ${(error as Error).message}`, { dest: a.dest });
  }
  const newline = NEWLINES[a.newline_sequence];
  if (newline !== '\n') text = text.replace(/\r\n|\r|\n/g, newline);
  const { src: _src, newline_sequence: _nl, ...rest } = a;
  return runCopy({ ...rest, content: text, remote_src: false }, ctx);
}

/** The variables Ansible's template action adds for the file being rendered. */
function templateVars(a: TemplateArgs, file: TemplateFile, now: Date): Record<string, unknown> {
  return {
    ansible_managed: ANSIBLE_MANAGED,
    template_path: file.path,
    template_fullpath: file.path,
    template_destpath: a.dest,
    template_host: hostname(),
    template_mtime: file.mtime,
    template_run_date: now,
  };
}
