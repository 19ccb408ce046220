/**
 * Playbooks shipped inside the certbook package (`playbooks/*.yaml`), runnable by bare name:
 * `certbook run check-expiry`.
 *
 * A PLAYBOOK argument is a built-in name when it has no `/`, no `.yml`/`.yaml` suffix and is
 * not an existing path; anything else is a file path, so a local `check-expiry` file always
 * wins over the built-in. An unknown bare name is a bad command-line value (exit 5, with a
 * did-you-mean over the built-ins), not ansible-playbook's exit 1 "could not be found": the
 * word was never a file, and schedulers should see the same code as for any other typo. A
 * path that does not exist goes to the loader and fails as FILE_NOT_FOUND (exit 4).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { didYouMean } from '../errors/suggest.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { badOption, type CliProblem } from './args/cli-problem.js';

/** The package's own `playbooks/` directory (in a clone or an install). */
export const BUILTIN_PLAYBOOK_DIR = join(PACKAGE_ROOT, 'playbooks');

/** Where a PLAYBOOK argument led. */
export type ResolvedPlaybook =
  | { kind: 'file'; path: string }
  | { kind: 'builtin'; name: string; path: string }
  | { kind: 'unknown'; problem: CliProblem };

/** Options for tests: another working directory or built-in directory. */
export interface ResolveOptions {
  cwd?: string;
  builtinDir?: string;
}

/** The names of the built-in playbooks, sorted (empty when the directory is missing). */
export function listBuiltinPlaybooks(builtinDir: string = BUILTIN_PLAYBOOK_DIR): string[] {
  let entries: string[];
  try {
    entries = readdirSync(builtinDir);
  } catch {
    return [];
  }
  return entries
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** Whether `arg` is written as a built-in name rather than a path. */
export function looksLikeBuiltinName(arg: string): boolean {
  return arg !== '' && !arg.includes('/') && !arg.includes('\\') && !/\.ya?ml$/i.test(arg);
}

/** Resolves a PLAYBOOK argument to a file, a built-in, or a problem. */
export function resolvePlaybook(arg: string, options: ResolveOptions = {}): ResolvedPlaybook {
  const cwd = options.cwd ?? process.cwd();
  if (!looksLikeBuiltinName(arg) || existsSync(resolve(cwd, arg))) return { kind: 'file', path: arg };
  const builtinDir = options.builtinDir ?? BUILTIN_PLAYBOOK_DIR;
  const names = listBuiltinPlaybooks(builtinDir);
  if (names.includes(arg)) return { kind: 'builtin', name: arg, path: join(builtinDir, `${arg}.yaml`) };
  const available = names.length > 0 ? `the built-in playbooks are ${names.join(', ')}` : 'this certbook has no built-in playbooks yet';
  const hint = didYouMean(arg, names) ?? `${available}; to run a file, give its path (./${arg}.yaml)`;
  return { kind: 'unknown', problem: badOption(arg, `\`${arg}\` is neither a file nor a built-in playbook`, hint) };
}
