/**
 * `blockinfile`: one exec reads the file, the block is placed on the controller
 * (blockinfile-edit.ts), and a changed text is written as `copy` writes `content` (shared with
 * lineinfile: lineinfile-run.ts's `editTextFile`).
 */

import { TemplateError } from '../../template/errors.js';
import type { BlockinfileArgs } from '../blockinfile.js';
import { editTextFile, type FileText, type LinePlan } from '../lineinfile/lineinfile-run.js';
import type { StepContext, StepResult } from '../step-run.js';
import { editBlock } from './blockinfile-edit.js';

/** Decides the edit from what the file holds, as Ansible's blockinfile `main` does. */
export function planBlockinfile(a: BlockinfileArgs, file: FileText): LinePlan {
  if (file.state === 'directory') return { error: `Path ${a.path} is a directory !` };
  if (file.state === 'unreadable') return { error: `cannot read ${a.path} (permission denied)` };
  if (file.state === 'not-utf8') return { error: `${a.path} is not UTF-8 text; certbook edits UTF-8 text files only` };
  // Ansible checks `create` before `state`: even `state: absent` fails on a missing file without it.
  if (file.state === 'absent' && !a.create) return { error: `Path ${a.path} does not exist !` };
  if (file.state === 'absent' && a.state === 'absent')
    return { done: { changed: false, msg: `File ${a.path} not present`, data: { path: a.path } } };
  const original = file.state === 'file' ? file.text : null;
  let text: string;
  try {
    text = editBlock(a, original);
  } catch (error) {
    if (error instanceof TemplateError) return { error: error.message };
    throw error;
  }
  if (text === original) return { text, changed: false, msg: '' };
  const msg = original === null ? 'File created' : a.state === 'absent' || !a.block ? 'Block removed' : 'Block inserted';
  return { text, changed: true, msg };
}

/** Runs `blockinfile`. */
export async function runBlockinfile(a: BlockinfileArgs, ctx: StepContext): Promise<StepResult> {
  // Ansible's blockinfile makes a missing file's directories even for `state: absent`.
  const write = {
    path: a.path,
    backup: a.backup,
    mode: a.mode,
    owner: a.owner,
    group: a.group,
    validate: a.validate,
    createParents: a.create,
  };
  const r = await editTextFile(write, ctx, (file) => planBlockinfile(a, file));
  if (r.failed || !r.data) return r;
  // Ansible's blockinfile registers `backup_file` (only when one was made), not lineinfile's `backup`.
  const { backup, ...data } = r.data;
  return { ...r, data: { ...data, ...(backup ? { backup_file: backup } : {}) } };
}
