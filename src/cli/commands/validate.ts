/**
 * `certbook validate FILE…`: loads each file as a playbook, task file or inventory (told by
 * `--kind`, or guessed from its content) and reports every problem of every file together.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { isMap, isSeq } from 'yaml';
import { ProblemList } from '../../errors/problem.js';
import { isIniInventoryFile } from '../../inventory/ini-inventory-file.js';
import { loadInventory } from '../../inventory/load-inventory.js';
import { loadPlaybook, loadTaskFile } from '../../playbook/load-playbook.js';
import { readSource } from '../../yaml/source-file.js';
import type { FileKind, ValidateOptions } from '../args/validate-spec.js';
import { EXIT } from '../exit-codes.js';
import { type CliIo, loaderPath } from '../io.js';
import { printWarnings } from '../print-problems.js';
import { loadTeamSteps } from '../team-steps.js';

/** Validates every file; prints `ok` lines for good files. Problems throw LoadFailed (exit 4). */
export async function validateCommand(options: ValidateOptions, io: CliIo): Promise<number> {
  // The team's own steps beside each file (and --steps-path), so tasks using them are checked too.
  await loadTeamSteps(
    options.files.map((file) => dirname(loaderPath(io, file))),
    options.stepsPath,
    io,
  );
  const problems = new ProblemList();
  for (const file of options.files) {
    const path = loaderPath(io, file);
    const before = problems.items.length;
    const kind = options.kind ?? guessKind(path);
    if (kind === 'inventory') printWarnings(io.stderr, loadInventory([path], problems).warnings);
    else if (kind === 'tasks') loadTaskFile(path, problems);
    else loadPlaybook(path, problems);
    if (problems.items.length === before) io.stdout.write(`ok: ${file} (${kindName(kind)})\n`);
  }
  problems.throwIfAny();
  return EXIT.OK;
}

/**
 * What a file holds, from its shape: a directory, a mapping or an INI inventory is an
 * inventory; a list whose items include a play (`hosts:` or `import_playbook:`) is a playbook;
 * any other list is a task file. Anything unreadable or odd is loaded as a playbook, whose
 * loader explains best.
 */
export function guessKind(path: string): FileKind {
  try {
    if (statSync(path).isDirectory()) return 'inventory';
  } catch {
    return 'playbook';
  }
  if (isIniInventoryFile(path)) return 'inventory';
  const source = readSource(path, new ProblemList());
  const root = source?.doc.contents;
  if (isMap(root)) return 'inventory';
  if (!isSeq(root)) return 'playbook';
  const isPlay = (item: unknown): boolean => isMap(item) && (item.has('hosts') || item.has('import_playbook'));
  return root.items.length === 0 || root.items.some(isPlay) ? 'playbook' : 'tasks';
}

function kindName(kind: FileKind): string {
  return kind === 'tasks' ? 'task file' : kind;
}
