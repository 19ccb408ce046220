/**
 * The play and task keywords certbook understands, each with the JSON Schema of its value.
 * This is the one home of the playbook language's shape: the loader checks against it and
 * `schemas/playbook.schema.json` is composed from it (plus every step's own schema).
 */
import type { JsonSchema } from '../validate/json-schema.js';

const str: JsonSchema = { type: 'string' };
const bool: JsonSchema = { type: 'boolean' };
const templ: JsonSchema = { type: 'string', pattern: '^\\s*\\{\\{.*\\}\\}\\s*$' };
const boolOrTemplate: JsonSchema = { anyOf: [bool, templ] };
const strOrList: JsonSchema = { anyOf: [str, { type: 'array', items: str }] };
/** A bare Jinja expression (`when:`), or a list of them that must all hold; booleans allowed. */
const condition: JsonSchema = {
  anyOf: [str, bool, { type: 'array', items: { anyOf: [str, bool] } }],
};
const vars: JsonSchema = { type: 'object', propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } };
const intOrTemplate: JsonSchema = { anyOf: [{ type: 'integer', minimum: 0 }, templ] };
const become = {
  become: boolOrTemplate,
  become_user: str,
  become_method: { enum: ['sudo', 'su'] },
  become_flags: str,
} satisfies Record<string, JsonSchema>;
/** Names are shell variable names: Ansible writes them unquoted into the command line. */
const environment: JsonSchema = {
  anyOf: [
    {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    },
    templ,
  ],
};

/**
 * Keywords valid on a task, a block and a handler. `block`, `rescue`, `always`,
 * `import_tasks` and `include_tasks` are structural and handled by the loader.
 */
const TASK_KEYWORD_SCHEMAS = {
  name: str,
  when: condition,
  register: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  loop: { anyOf: [{ type: 'array' }, str] },
  loop_control: {
    type: 'object',
    additionalProperties: false,
    properties: {
      loop_var: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      index_var: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      label: str,
      pause: { type: 'number', minimum: 0 },
      extended: bool,
    },
  },
  until: condition,
  retries: intOrTemplate,
  delay: { anyOf: [{ type: 'number', minimum: 0 }, templ] },
  changed_when: condition,
  failed_when: condition,
  ignore_errors: boolOrTemplate,
  ignore_unreachable: boolOrTemplate,
  notify: strOrList,
  listen: strOrList,
  run_once: boolOrTemplate,
  delegate_to: str,
  remote_user: str,
  tags: strOrList,
  no_log: boolOrTemplate,
  check_mode: boolOrTemplate,
  diff: boolOrTemplate,
  timeout: intOrTemplate,
  vars,
  args: { type: 'object' },
  environment,
  any_errors_fatal: bool,
  ...become,
  block: { type: 'array' },
  rescue: { type: 'array' },
  always: { type: 'array' },
  import_tasks: str,
  include_tasks: str,
  import_role: { type: 'object' },
  include_role: { type: 'object' },
} satisfies Record<string, JsonSchema>;

/** Every task keyword's schema, by name (the loaded form of each is `TaskKeywords` in model.ts). */
export const TASK_KEYWORDS: Record<string, JsonSchema> = TASK_KEYWORD_SCHEMAS;

/**
 * The names of the task keywords. `TaskKeywords` (model.ts) must have exactly these but the
 * structural ones and `name`: `test/playbook/task-keywords.test.ts` fails to compile otherwise.
 */
export type TaskKeywordName = keyof typeof TASK_KEYWORD_SCHEMAS;

/**
 * Keywords of a single task that a block does not take (ansible-core refuses them: "not a valid
 * attribute for a Block"), each with what to write instead.
 */
export const NOT_ON_BLOCK: Readonly<Record<string, string>> = {
  register: 'put `register` on the task inside the block whose result you need',
  loop: 'put `loop` on each task inside the block',
  loop_control: 'put `loop_control` next to the `loop` of a task inside the block',
  until: 'put `until` on the task inside the block that should be retried',
  retries: 'put `retries` next to the `until` of a task inside the block',
  delay: 'put `delay` next to the `until` of a task inside the block',
  changed_when: 'put `changed_when` on each task inside the block',
  failed_when: 'put `failed_when` on each task inside the block',
  args: '`args` belongs to a step; put it on a task inside the block',
};

/**
 * What `include_tasks` takes: its `when` and tags decide whether the include runs, its `vars`
 * reach the included tasks, `ignore_errors` covers a file that cannot be read, `loop` (with
 * `loop_control`'s `loop_var`, `index_var`, `label`, `extended`) runs the file once per item.
 * Its `register`, `no_log`, `run_once` and `timeout` are not implemented by certbook and refused.
 */
export const INCLUDE_KEYWORDS = new Set([
  'name',
  'when',
  'tags',
  'vars',
  'ignore_errors',
  'loop',
  'loop_control',
  'include_tasks',
  'include_role',
]);

/** Keywords that only make sense on a handler. */
export const HANDLER_ONLY_KEYWORDS = new Set(['listen']);

/** Keywords that hold the task's action rather than modify it. */
export const STRUCTURAL_KEYWORDS = new Set(['block', 'rescue', 'always', 'import_tasks', 'include_tasks', 'import_role', 'include_role']);

/**
 * Serial batch sizes: a number (0: every remaining host, as in Ansible), a percentage, a template
 * rendering to one (play vars, extra vars), or a list of them.
 */
const batch: JsonSchema = {
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^\\d+(\\.\\d+)?%$' },
    { type: 'string', pattern: '\\{\\{' },
  ],
};

/** Keywords valid on a play. `tasks`, `pre_tasks`, `post_tasks` and `handlers` hold task lists. */
export const PLAY_KEYWORDS: Record<string, JsonSchema> = {
  name: str,
  hosts: { anyOf: [str, { type: 'array', items: str, minItems: 1 }] },
  vars,
  vars_files: strOrList,
  serial: { anyOf: [batch, { type: 'array', items: batch, minItems: 1 }] },
  partition_by: templ,
  max_fail_percentage: {
    anyOf: [
      { type: 'number', minimum: 0, maximum: 100 },
      { type: 'string', pattern: '^\\d+(\\.\\d+)?%?$' },
    ],
  },
  any_errors_fatal: bool,
  strategy: { enum: ['linear', 'free'] },
  gather_facts: bool,
  tags: strOrList,
  remote_user: str,
  environment,
  check_mode: bool,
  diff: bool,
  ignore_errors: bool,
  ignore_unreachable: bool,
  no_log: bool,
  force_handlers: bool,
  timeout: { type: 'integer', minimum: 0 },
  ...become,
  pre_tasks: { type: 'array' },
  roles: { type: 'array' },
  tasks: { type: 'array' },
  post_tasks: { type: 'array' },
  handlers: { type: 'array' },
};

/** The play sections that hold task lists, in the order Ansible runs them. */
export const TASK_SECTIONS = ['pre_tasks', 'tasks', 'post_tasks', 'handlers'] as const;

/** Keywords whose values are bare Jinja expressions rather than `{{ }}` templates. */
export const EXPRESSION_KEYWORDS = new Set(['when', 'until', 'changed_when', 'failed_when']);
