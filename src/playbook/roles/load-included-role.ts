/**
 * `include_role` when it runs: the role, named by its rendered name, is found and loaded as at
 * load time (every file checked); any problem fails the include on the hosts that reached it.
 */
import { ProblemList } from '../../errors/problem.js';
import { parseSource } from '../../yaml/source-file.js';
import type { LoadContext } from '../load-context.js';
import type { IncludeTask, Role } from '../model.js';
import { type LoadedRole, loadRole } from './load-role.js';
import { roleRequest } from './role-task.js';

/**
 * Loads the role `name` for `include` (an include_role), inside `parents`, its `*_from` options
 * rendered with `render`; a string says why it could not be.
 */
export function loadIncludedRole(
  include: IncludeTask,
  name: string,
  parents: Role[],
  playbookDir: string,
  render: (text: string) => string,
): LoadedRole | string {
  const options = include.includeRole!;
  const from = (text: string | undefined) => (text?.includes('{{') ? render(text) : text);
  const problems = new ProblemList();
  // Problems about the include itself have no YAML node to point at now; its position is in the message.
  const source = parseSource(include.pos.file, 'null', problems)!;
  const ctx: LoadContext = {
    source,
    problems,
    playbookDir,
    importStack: [include.pos.file],
    inHandlers: false,
    rolesSearchPath: options.searchPath,
  };
  const request = roleRequest(
    name,
    undefined,
    include,
    {
      tasks_from: from(options.tasksFrom),
      vars_from: from(options.varsFrom),
      defaults_from: from(options.defaultsFrom),
      handlers_from: from(options.handlersFrom),
      allow_duplicates: options.allowDuplicates,
    },
    options.params,
  );
  const loaded = loadRole(ctx, request, parents);
  // The include's `when` and tags decided whether it runs; they do not reach the role's tasks.
  if (loaded && problems.ok) return { ...loaded, block: { ...loaded.block, keywords: {}, keywordPos: {} } };
  return `could not load the role ${name}: ${problems.items.map((p) => `${p.pos && p.pos.file !== include.pos.file ? `${p.pos.file}:${p.pos.line}:${p.pos.col}: ` : ''}${p.message}${p.hint ? ` (${p.hint})` : ''}`).join('; ')}`;
}
