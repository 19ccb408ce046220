/**
 * `lineinfile` (and the other text edits): one exec reads the file, the edit is decided on the
 * controller (lineinfile-edit.ts), and a changed text is written exactly as `copy` writes
 * `content` (temporary file, mode and owner, `validate`, backup, atomic rename), which also
 * applies `mode`/`owner`/`group` to an unchanged file. The file's text is data: never rendered.
 */
import { dirname } from 'node:path';
import { shellQuote } from '../../connection/shell-quote.js';
import { TemplateError } from '../../template/errors.js';
import { runCopy } from '../copy/copy-run.js';
import { execOnHost, failed, scriptFailure } from '../host-ops/host-exec.js';
import type { LineinfileArgs } from '../lineinfile.js';
import type { EDITED_FILE_ARGS } from '../schema-helpers.js';
import type { StepContext, StepResult } from '../step-run.js';
import { editLines, splitLines } from './lineinfile-edit.js';

/** The file and how it is written: the arguments every in-place edit takes (EDITED_FILE_ARGS and `create`). */
export type EditedFileArgs = Pick<LineinfileArgs, 'path' | 'create' | keyof typeof EDITED_FILE_ARGS>;

/** What the file on the host is: absent, a directory, unreadable, or its text. */
export type FileText = { state: 'absent' | 'directory' | 'unreadable' | 'not-utf8' } | { state: 'file'; text: string };

/** The reading script: the file's kind and, for a readable file, its bytes in base64. */
export function readTextScript(path: string): string {
  return [
    `d=${shellQuote(path)}`,
    'if [ -d "$d" ]; then echo @DIR',
    'elif [ ! -e "$d" ]; then echo @ABSENT',
    'elif [ ! -r "$d" ]; then echo @UNREADABLE',
    'else echo @FILE; base64 < "$d"; fi',
  ].join('\n');
}

/** Parses the reading script's output. */
export function parseFileText(stdout: string): FileText {
  const [head, ...body] = stdout.split('\n');
  if (head === '@DIR') return { state: 'directory' };
  if (head === '@ABSENT') return { state: 'absent' };
  if (head === '@UNREADABLE') return { state: 'unreadable' };
  try {
    // Fatal: a file in another encoding would otherwise be rewritten with U+FFFD in place of its bytes.
    return { state: 'file', text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.from(body.join(''), 'base64')) };
  } catch {
    return { state: 'not-utf8' };
  }
}

/** What to do: fail, stop with a result, or write `text` (possibly the same text, for attributes). */
export type LinePlan = { error: string } | { done: StepResult } | { text: string; changed: boolean; msg: string; found?: number };

/** Decides the edit from what the file holds, as Ansible's `main`, `present` and `absent` do. */
export function planLineinfile(a: LineinfileArgs, file: FileText): LinePlan {
  if (file.state === 'directory') return { error: `Path ${a.path} is a directory !` };
  if (file.state === 'unreadable') return { error: `cannot read ${a.path} (permission denied)` };
  if (file.state === 'not-utf8') return { error: `${a.path} is not UTF-8 text; certbook edits UTF-8 text files only` };
  if (a.state === 'present') {
    if (a.backrefs && a.regexp === undefined) return { error: 'regexp is required with backrefs=true' };
    if (a.line === undefined) return { error: 'line is required with state=present' };
    if (file.state === 'absent' && !a.create) return { error: `Destination ${a.path} does not exist !` };
  } else {
    if (a.regexp === undefined && a.search_string === undefined && a.line === undefined) {
      return { error: 'one of line, search_string, or regexp is required with state=absent' };
    }
    if (file.state === 'absent') return { done: { changed: false, msg: 'file not present', data: { path: a.path, backup: '' } } };
  }
  try {
    const edit = editLines(a, file.state === 'file' ? splitLines(file.text) : []);
    return { text: edit.lines.join(''), changed: edit.changed, msg: edit.msg, ...(edit.found !== undefined ? { found: edit.found } : {}) };
  } catch (error) {
    if (error instanceof TemplateError) return { error: error.message };
    throw error;
  }
}

/** Runs `lineinfile`. */
export async function runLineinfile(a: LineinfileArgs, ctx: StepContext): Promise<StepResult> {
  if (a.regexp === '' || a.search_string === '') {
    ctx.warn(
      `The ${a.regexp === '' ? 'regular expression' : 'search string'} is an empty string, which will match every line in the file.`,
    );
  }
  // Ansible's present() makes the missing directories (absent() never does).
  return editTextFile({ ...a, createParents: a.create && a.state === 'present' }, ctx, (file) => planLineinfile(a, file));
}

/** The arguments every text edit writes with. */
export interface TextFileWrite {
  path: string;
  backup: boolean;
  mode?: string;
  owner?: string;
  group?: string;
  validate?: string;
  /**
   * A missing file's missing directories are made (mode 0777 less the umask, as Python's
   * `os.makedirs`) once the arguments are known to be good, whatever the edit then decides; not
   * in check mode.
   */
  createParents?: boolean;
}

/** Reads `a.path`, plans with `plan`, and writes through `copy`; shared by lineinfile and blockinfile. */
export async function editTextFile(a: TextFileWrite, ctx: StepContext, plan: (file: FileText) => LinePlan): Promise<StepResult> {
  const read = await execOnHost(ctx, readTextScript(a.path));
  const problem = scriptFailure(read, `cannot read ${a.path}`);
  if (problem) return failed(problem, { path: a.path });
  const file = parseFileText(read.stdout);
  const decided = plan(file);
  if ('error' in decided) return failed(decided.error, { path: a.path });
  if (file.state === 'absent' && a.createParents) {
    // In check mode the directories are not made, so `copy` would find no place for the file.
    if (ctx.check && 'text' in decided) return wouldCreate(a.path, decided, ctx);
    const made = ctx.check ? undefined : await makeParents(a.path, ctx);
    if (made) return failed(made, { path: a.path });
  }
  if ('done' in decided) return decided.done;
  const written = await runCopy(
    {
      dest: a.path,
      content: decided.text,
      remote_src: false,
      force: true,
      backup: a.backup,
      ...(a.mode !== undefined ? { mode: a.mode } : {}),
      ...(a.owner !== undefined ? { owner: a.owner } : {}),
      ...(a.group !== undefined ? { group: a.group } : {}),
      ...(a.validate !== undefined ? { validate: a.validate } : {}),
    },
    ctx,
  );
  if (written.failed) return written;
  const attrsOnly = written.changed && !decided.changed;
  const msg = attrsOnly ? 'ownership, perms or SE linux context changed' : decided.msg;
  const data: Record<string, unknown> = {
    path: a.path,
    backup: written.data?.backup_file ?? '',
    ...(decided.found !== undefined ? { found: decided.found } : {}),
  };
  return { changed: written.changed, msg, data, ...(written.diff ? { diff: written.diff } : {}) };
}

/** Makes the directories above `path` that are missing; why not, or undefined. */
async function makeParents(path: string, ctx: StepContext): Promise<string | undefined> {
  const dir = dirname(path);
  if (dir === '.' || dir === '/') return undefined;
  const r = await execOnHost(ctx, `d=${shellQuote(dir)}; [ -d "$d" ] || mkdir -p -- "$d"`);
  const problem = scriptFailure(r, `Error creating ${dir}`);
  return problem === undefined ? undefined : `Error creating ${dir} (${r.stderr.trim() || problem})`;
}

/** What writing a new file would report, in check mode. */
function wouldCreate(path: string, decided: { text: string; changed: boolean; msg: string }, ctx: StepContext): StepResult {
  const diff = ctx.diff
    ? { diff: [{ before: '', after: decided.text, beforeHeader: `${path} (before)`, afterHeader: `${path} (after)` }] }
    : {};
  return { changed: decided.changed, msg: decided.msg, data: { path, backup: '' }, ...diff };
}
