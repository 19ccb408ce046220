/**
 * `import_tasks` (static: the file is read now and its tasks become a block) and
 * `include_tasks` (dynamic: resolved at run time, but a static file name is still checked now,
 * so a missing or broken file is caught before connecting).
 */

import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isScalar, type Pair } from 'yaml';
import { isPresent } from '../errors/fs-error-text.js';
import type { SourcePosition } from '../errors/problem.js';
import { readSource } from '../yaml/source-file.js';
import { type LoadContext, plain } from './load-context.js';
import { loadTaskList } from './load-task.js';
import type { BlockTask, IncludeTask, TaskKeywords } from './model.js';

interface TaskBase {
  name?: string;
  keywords: TaskKeywords;
  keywordPos: Record<string, SourcePosition>;
  pos: SourcePosition;
}

/** Loads an import or include task from its `import_tasks:`/`include_tasks:` pair. */
export function loadImport(ctx: LoadContext, pair: Pair, base: TaskBase): BlockTask | IncludeTask | undefined {
  const kind = isScalar(pair.key) ? String(pair.key.value) : 'import_tasks';
  const value = plain(ctx, pair.value);
  if (typeof value !== 'string' || value.trim() === '') {
    ctx.problems.add(ctx.source.problemAt(pair.value ?? pair.key, 'WRONG_TYPE', `\`${kind}\` expects a file name`));
    return undefined;
  }
  const baseDir = dirname(resolve(ctx.source.path));
  const templated = value.includes('{{');
  if (kind === 'include_tasks') {
    const loaded = templated ? undefined : readTaskFile(ctx, pair, value, baseDir);
    return { kind: 'include', ...base, file: value, baseDir, ...(loaded ? { preview: loaded.list } : {}) };
  }
  if (templated) {
    ctx.problems.add(
      ctx.source.problemAt(
        pair.value,
        'INVALID_VALUE',
        '`import_tasks` is read before the run, so its file name cannot be a template',
        'use `include_tasks:` for a file chosen at run time',
      ),
    );
    return undefined;
  }
  const tasks = readTaskFile(ctx, pair, value, baseDir);
  if (!tasks) return undefined;
  return { kind: 'block', ...base, block: tasks.list, rescue: [], always: [], importedFrom: tasks.path };
}

/** Finds a task file the way Ansible does: beside the importing file, then in the playbook's directory. */
export function findTaskFile(name: string, baseDir: string, playbookDir: string): string | undefined {
  // isPresent, not existsSync: a file behind a locked directory is found, and reading it says why it cannot be read.
  if (isAbsolute(name)) return isPresent(name) ? name : undefined;
  for (const dir of [baseDir, playbookDir, resolve(playbookDir, 'tasks')]) {
    const candidate = resolve(dir, name);
    if (isPresent(candidate)) return candidate;
  }
  return undefined;
}

function readTaskFile(ctx: LoadContext, pair: Pair, name: string, baseDir: string) {
  const path = findTaskFile(name, baseDir, ctx.playbookDir);
  if (!path) {
    ctx.problems.add(
      ctx.source.problemAt(
        pair.value,
        'FILE_NOT_FOUND',
        `task file \`${name}\` does not exist`,
        `looked beside ${shown(baseDir)} and in the playbook's directory`,
      ),
    );
    return undefined;
  }
  if (ctx.importStack.includes(path)) {
    ctx.problems.add(
      ctx.source.problemAt(
        pair.value,
        'INCLUDE_CYCLE',
        `\`${name}\` imports itself (through ${ctx.importStack.map(shown).join(' → ')})`,
        'remove one of the imports in the loop',
      ),
    );
    return undefined;
  }
  const source = readSource(path, ctx.problems, shown(path));
  // toJS answers undefined only for an alias bomb (an empty file is null).
  if (!source || source.toJS(ctx.problems) === undefined) return undefined;
  const child: LoadContext = { ...ctx, source, importStack: [...ctx.importStack, path] };
  return { path, list: loadTaskList(child, source.doc.contents) };
}

/** Paths in messages are relative to the working directory, as the user typed them. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
