/**
 * `template`'s load-time check: a literal `src` must exist on the controller (where the run
 * will look) and parse as a template, so a typo in either stops the run before connecting.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { compileTemplate } from '../../template/compile.js';
import { TemplateSyntaxError } from '../../template/errors.js';
import { hasTemplateMarker } from '../../template/markers.js';
import type { StepFileIssue } from '../step.js';
import { MAX_TEMPLATE_FILE, templateCandidates } from './template-source.js';

/** The problems of a literal `src`; none for a templated one (the run resolves it). */
export function checkTemplateSource(args: Readonly<Record<string, unknown>>, playbookDir: string): StepFileIssue[] {
  const src = args.src;
  if (typeof src !== 'string' || hasTemplateMarker(src)) return [];
  const candidates = templateCandidates(src, playbookDir);
  const path = candidates.find((c) => existsSync(c));
  if (!path) {
    return [
      { code: 'FILE_NOT_FOUND', path: ['src'], message: `the template ${src} does not exist`, hint: `looked in ${candidates.join(', ')}` },
    ];
  }
  let text: string;
  try {
    if (statSync(path).size > MAX_TEMPLATE_FILE) throw new Error(`larger than ${MAX_TEMPLATE_FILE} bytes`);
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (error) {
    return [
      {
        code: 'FILE_UNREADABLE',
        path: ['src'],
        message: `the template ${path} cannot be read: ${(error as Error).message}`,
        hint: 'a template is a UTF-8 text file',
      },
    ];
  }
  try {
    compileTemplate(text);
    return [];
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    const at = error.offset !== undefined ? lineCol(text, error.offset) : '';
    return [
      { code: 'TEMPLATE_SYNTAX', path: ['src'], message: `${path}${at}: ${error.message}`, hint: error.hint ?? 'fix the template file' },
    ];
  }
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `:${before.length}:${before[before.length - 1]!.length + 1}`;
}
