/**
 * `template`: the file is found and rendered on the controller, in the same sandbox and with the
 * same variables as the task's own templates, and the text is written exactly as `copy` writes
 * `content` (temporary file, mode and owner, `validate`, backup, rename; nothing when it already
 * matches). Only the template file is rendered: values read from hosts stay text inside it.
 */
import { hostname } from 'node:os';
import { shellQuote } from '../../connection/shell-quote.js';
import { runCopy } from '../copy/copy-run.js';
import { execOnHost, failed, scriptFailure } from '../host-ops/host-exec.js';
import type { StepContext, StepResult } from '../step-run.js';
import type { TemplateArgs } from '../template.js';
import { applyWhitespaceOptions } from './jinja-whitespace.js';
import { encodeOutput } from './output-encoding.js';
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
    const source = applyWhitespaceOptions(file.text, { trimBlocks: a.trim_blocks, lstripBlocks: a.lstrip_blocks });
    text = ctx.renderText(source, templateVars(a, file, ctx.now()));
  } catch (error) {
    return failed(`${a.src}: ${(error as Error).message}`, { dest: a.dest });
  }
  const newline = NEWLINES[a.newline_sequence] ?? '\n';
  if (newline !== '\n') text = text.replace(/\r\n|\r|\n/g, newline);
  const bytes = encodeOutput(text, a.output_encoding);
  if (typeof bytes === 'string') return failed(`${a.src}: ${bytes}`, { dest: a.dest });
  const dest = a.follow ? await linkTarget(a.dest, ctx) : a.dest;
  if (typeof dest !== 'string') return failed(dest.error, { dest: a.dest });
  const { src: _src, newline_sequence: _nl, trim_blocks: _tb, lstrip_blocks: _lb, output_encoding: _oe, follow: _f, ...rest } = a;
  return runCopy({ ...rest, dest, content: bytes, remote_src: false }, ctx);
}

/** With `follow`, where a symbolic link at `dest` leads (the file written); `dest` itself otherwise. */
async function linkTarget(dest: string, ctx: StepContext): Promise<string | { error: string }> {
  const r = await execOnHost(ctx, `d=${shellQuote(dest)}; if [ -L "$d" ]; then readlink -f -- "$d"; else printf '%s\\n' "$d"; fi`);
  const problem = scriptFailure(r, `cannot resolve ${dest}`);
  if (problem) return { error: problem };
  const target = r.stdout.replace(/\n$/, '');
  // A dangling link's last target is still a name readlink -f gives; an empty answer is none.
  return target ? target : { error: `${dest} is a symbolic link that leads nowhere` };
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
