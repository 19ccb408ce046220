/**
 * The loaded playbook: plays and tasks with their source positions, every argument already
 * checked against its step's schema. Nothing here has been templated; values are as written.
 */
import type { SourcePosition } from '../errors/problem.js';

/** A `when`-style condition as written: a bare expression, a literal, or a list that must all hold. */
export type Condition = string | boolean | Array<string | boolean>;

/** Keywords that modify a task or block (every one optional, as written in the YAML). */
export interface TaskKeywords {
  when?: Condition;
  register?: string;
  loop?: unknown[] | string;
  loop_control?: { loop_var?: string; index_var?: string; label?: string; pause?: number; extended?: boolean };
  until?: Condition;
  retries?: number | string;
  delay?: number | string;
  changed_when?: Condition;
  failed_when?: Condition;
  ignore_errors?: boolean | string;
  ignore_unreachable?: boolean | string;
  notify?: string[];
  listen?: string[];
  run_once?: boolean | string;
  delegate_to?: string;
  /** The login user (a template allowed); the host's `ansible_user` beats it. */
  remote_user?: string;
  tags?: string[];
  no_log?: boolean | string;
  check_mode?: boolean | string;
  diff?: boolean | string;
  timeout?: number | string;
  vars?: Record<string, unknown>;
  environment?: Record<string, unknown> | string;
  any_errors_fatal?: boolean;
  become?: boolean | string;
  become_user?: string;
  become_method?: 'sudo' | 'su';
  become_flags?: string;
}

interface TaskBase {
  /** The task's `name:`, if it has one. */
  name?: string;
  keywords: TaskKeywords;
  /** Where the task's mapping starts. */
  pos: SourcePosition;
  /** Where each keyword's value was written, for run-time errors (`when` failing to evaluate). */
  keywordPos: Record<string, SourcePosition>;
  /**
   * Set on the block that holds a role's tasks and on each of the role's handlers: the role
   * whose variables (defaults, vars, params) and name the tasks inside take (src/playbook/roles/).
   */
  role?: RoleUse;
}

/** A task that runs one step. */
export interface StepTask extends TaskBase {
  kind: 'step';
  /** The step's name (`shell`). */
  step: string;
  /** The step's arguments, free form already expanded and `args:` merged in. */
  args: Record<string, unknown>;
}

/**
 * A block (`block`/`rescue`/`always`), or the tasks of a static `import_tasks`, which behave
 * like a block whose keywords apply to every imported task.
 */
export interface BlockTask extends TaskBase {
  kind: 'block';
  block: TaskNode[];
  rescue: TaskNode[];
  always: TaskNode[];
  /** Set when the block came from `import_tasks`: the imported file. */
  importedFrom?: string;
}

/**
 * A dynamic `include_tasks`, or an `include_role` (then `includeRole` is set and `file` is the
 * role's name): the name may be templated, so it is resolved at run time.
 */
export interface IncludeTask extends TaskBase {
  kind: 'include';
  /** The file (or role name) as written (possibly a template), and the directory it is relative to. */
  file: string;
  baseDir: string;
  /** The file's tasks (the role's block) as loaded before the run, when its name is static (checks only; the run reloads it). */
  preview?: TaskNode[];
  /** Set for `include_role`: how the role is to be loaded when the include runs. */
  includeRole?: RoleOptions;
}

/** How a role is loaded: `tasks_from` and the like, and the settings of `include_role`/`import_role`. */
export interface RoleOptions {
  tasksFrom?: string;
  varsFrom?: string;
  defaultsFrom?: string;
  handlersFrom?: string;
  /** Run again in a play even with the same parameters (also `allow_duplicates` in the role's meta). */
  allowDuplicates?: boolean;
  /** `include_role`'s `public`: the role's defaults and vars reach the rest of the play. */
  public?: boolean;
  /** The variables the include/import passes (`vars:`), at role-params precedence. */
  params: Record<string, unknown>;
  /** Where the roles are searched (the playbook's `roles/`, `roles_path`, the playbook's directory). */
  searchPath: string[];
}

/** One loaded role: its files read, its dependencies loaded. Shared by every place it runs from. */
export interface Role {
  /** The name it was asked for (`geerlingguy.ntp`), as Ansible shows it in task names. */
  name: string;
  /** The role's directory (absolute). */
  path: string;
  /**
   * What makes two uses of a role the same role (Ansible's role cache): name, parameters,
   * `when`, `tags`, the `*_from` files, `vars:`, and whether it came from an include/import.
   */
  key: string;
  allowDuplicates: boolean;
  /** `defaults/` (lowest precedence). */
  defaults: Record<string, unknown>;
  /** `vars:` written where the role is listed (`roles:` entries). */
  entryVars: Record<string, unknown>;
  /** `vars/`. */
  vars: Record<string, unknown>;
  /** Parameters: the other keys of a `roles:` entry, or an include/import's `vars:`. */
  params: Record<string, unknown>;
  /** Direct `meta/main.yml` dependencies, in order. */
  dependencies: Role[];
}

/** A role where it runs: the role, and the roles that depend on it along the way here (outermost first). */
export interface RoleUse {
  role: Role;
  parents: Role[];
}

/** Anything that can stand in a task list. */
export type TaskNode = StepTask | BlockTask | IncludeTask;

/** A `vars_files` entry: loaded now when its path is static, at run time when it is a template. */
export interface VarsFile {
  /** The path as written. */
  path: string;
  /** The vars, when the path was static and the file loaded. */
  vars?: Record<string, unknown>;
  pos: SourcePosition;
}

/** Play-level keywords other than the task lists. */
export interface PlayKeywords {
  serial?: Array<number | string>;
  /**
   * A template rendered per host at the start of the play: hosts with the same value form a
   * partition, which runs as a play of its own (serial batches, run_once, any_errors_fatal,
   * max_fail_percentage), side by side with the other partitions. Not in Ansible.
   */
  partition_by?: string;
  max_fail_percentage?: number | string;
  any_errors_fatal?: boolean;
  /**
   * `linear` (the default): every host finishes a task before any host starts the next.
   * `free`: each host runs through the task list on its own, `--forks` hosts at a time, as
   * Ansible's free strategy (runner/free-section.ts).
   */
  strategy?: 'linear' | 'free';
  gather_facts?: boolean;
  remote_user?: string;
  environment?: Record<string, unknown> | string;
  check_mode?: boolean;
  diff?: boolean;
  ignore_errors?: boolean;
  ignore_unreachable?: boolean;
  no_log?: boolean;
  force_handlers?: boolean;
  timeout?: number;
  become?: boolean | string;
  become_user?: string;
  become_method?: 'sudo' | 'su';
  become_flags?: string;
}

/** One play. */
export interface Play {
  name?: string;
  /** The host pattern, lists joined with `:` as Ansible does. */
  hosts: string;
  tags: string[];
  vars: Record<string, unknown>;
  varsFiles: VarsFile[];
  keywords: PlayKeywords;
  preTasks: TaskNode[];
  tasks: TaskNode[];
  postTasks: TaskNode[];
  handlers: TaskNode[];
  /**
   * The roles of the play that share their defaults and vars with every task of it (Ansible's
   * `play.get_roles()`): the `roles:` entries and every `import_role`.
   */
  roles: Role[];
  /** The file the play was written in (differs from the playbook's for `import_playbook`). */
  file: string;
  pos: SourcePosition;
}

/** A whole playbook, `import_playbook` already expanded in place. */
export interface Playbook {
  path: string;
  /** The playbook's directory: `group_vars/`, `host_vars/` and relative files are found from it. */
  dir: string;
  plays: Play[];
}
