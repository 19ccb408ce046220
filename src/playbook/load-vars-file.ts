/**
 * `vars_files`: a static path is read now (so a missing or broken file is a load problem); a
 * templated one is kept for the run to resolve.
 */
import { resolve } from 'node:path';
import { isScalar, isSeq } from 'yaml';
import { readVarsMapping } from '../yaml/vars-file.js';
import { deref, type LoadContext, plain } from './load-context.js';
import type { VarsFile } from './model.js';

/** Loads each entry of a play's `vars_files`. */
export function loadVarsFiles(ctx: LoadContext, node: unknown): VarsFile[] {
  const target = deref(ctx, node);
  const items = isSeq(target) ? target.items : [target];
  const files: VarsFile[] = [];
  for (const item of items) {
    const entry = deref(ctx, item);
    const path = plain(ctx, entry);
    if (!isScalar(entry) || typeof path !== 'string') continue; // the keyword schema already complained
    const pos = ctx.source.positionOf(entry);
    if (path.includes('{{')) {
      files.push({ path, pos });
      continue;
    }
    const vars = readVarsFile(ctx, resolve(ctx.playbookDir, path), path, entry);
    if (vars) files.push({ path, vars, pos });
  }
  return files;
}

/** Reads a YAML/JSON file that must hold a mapping of variables (an empty file is no vars). */
export function readVarsFile(ctx: LoadContext, absolute: string, shownAs: string, at: unknown): Record<string, unknown> | undefined {
  const before = ctx.problems.items.length;
  const vars = readVarsMapping(absolute, shownAs, ctx.problems);
  if (!vars && ctx.problems.items.length > before) {
    // Point a missing file at the line that names it, not at nowhere.
    const last = ctx.problems.items[ctx.problems.items.length - 1]!;
    if (!last.pos)
      ctx.problems.items[ctx.problems.items.length - 1] = {
        ...ctx.source.problemAt(at, last.code, last.message),
        ...(last.hint ? { hint: last.hint } : {}),
      };
  }
  return vars;
}
