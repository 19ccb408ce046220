/**
 * The committed JSON Schemas, built from their one home (step definitions, playbook keywords,
 * the inventory schema) so they cannot drift: `npm run schemas` writes what these functions
 * return, and `test/schemas/stale.test.ts` fails when the committed files differ.
 *
 * The playbook schema is self-contained: every step's schema is inlined under `definitions`
 * and referenced as `#/definitions/step.NAME`. No `$id`, no cross-file `$ref`: a schema named by
 * a relative path in `# yaml-language-server: $schema=../schemas/playbook.schema.json` then
 * resolves the same in VS Code, in other editors, offline and from SchemaStore, with nothing to
 * fetch and no base URI to get wrong. The per-step files are written too, for tools that
 * validate one step's arguments.
 */

import { INVENTORY_SCHEMA } from '../inventory/inventory-schema.js';
import { PLAY_KEYWORDS, TASK_KEYWORDS, TASK_SECTIONS } from '../playbook/keywords.js';
import { STEPS } from '../steps/registry.js';
import type { StepDefinition } from '../steps/step.js';
import { editorStepSchema, TEMPLATE_STRING } from '../validate/editor-schema.js';
import type { JsonSchema } from '../validate/json-schema.js';
import { stableJson } from '../validate/stable-json.js';

/** The JSON Schema dialect of every file (draft-07: what editors support best). */
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** `schemas/steps/NAME.schema.json`: one step's arguments, as editors see them. */
export function buildStepSchema(step: StepDefinition): JsonSchema {
  return {
    $schema: DRAFT_07,
    title: `certbook step \`${step.name}\``,
    ...editorStepSchema(step),
    description: `${step.summary}. ${step.description}`,
    definitions: { template: TEMPLATE_STRING },
  };
}

/** `schemas/playbook.schema.json`: a whole playbook, every step inlined. */
export function buildPlaybookSchema(): JsonSchema {
  const definitions: Record<string, JsonSchema> = {
    play: playSchema(),
    import_playbook: {
      type: 'object',
      description: 'Runs the plays of another playbook file at this point.',
      properties: { import_playbook: { type: 'string', description: 'The playbook file, relative to this one.' } },
      required: ['import_playbook'],
      additionalProperties: false,
    },
    tasks: { type: 'array', items: { $ref: '#/definitions/task' } },
    task: taskSchema(),
    template: TEMPLATE_STRING,
  };
  for (const step of STEPS.values()) {
    // Inlined steps share the root's `template` definition instead of carrying their own.
    const { $schema: _dialect, definitions: _own, ...schema } = buildStepSchema(step);
    definitions[`step.${step.name}`] = schema;
  }
  return {
    $schema: DRAFT_07,
    title: 'certbook playbook',
    description: 'A list of plays (or imports of other playbooks). See `certbook steps` for every step.',
    type: 'array',
    items: { anyOf: [{ $ref: '#/definitions/play' }, { $ref: '#/definitions/import_playbook' }] },
    definitions,
  };
}

function playSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = { ...PLAY_KEYWORDS };
  for (const section of TASK_SECTIONS) properties[section] = { $ref: '#/definitions/tasks' };
  return { type: 'object', properties, required: ['hosts'], additionalProperties: false };
}

/**
 * A task: the task keywords plus every step as an optional key. "Exactly one action" is left to
 * the loader (MULTIPLE_STEPS); the schema asks for at least one, which is what an editor can say
 * clearly.
 */
function taskSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = { ...TASK_KEYWORDS };
  for (const section of ['block', 'rescue', 'always']) properties[section] = { $ref: '#/definitions/tasks' };
  for (const step of STEPS.values()) properties[step.name] = stepValue(step);
  const actions = ['block', 'import_tasks', 'include_tasks', ...STEPS.keys()];
  return {
    type: 'object',
    properties,
    additionalProperties: false,
    anyOf: actions.map((name) => ({ required: [name] })),
    errorMessage: 'a task needs a step (such as `shell`), a `block`, or `import_tasks`/`include_tasks`',
  };
}

/** The value of a step's key: its arguments, or free-form text, or nothing when none is required. */
function stepValue(step: StepDefinition): JsonSchema {
  const ref: JsonSchema = { $ref: `#/definitions/step.${step.name}` };
  const alternatives: JsonSchema[] = [ref];
  if (step.freeForm) alternatives.push({ type: 'string', description: `Free form: sets \`${step.freeForm}\`.` });
  // Ansible's one-line form, `debug: msg=hello`; the loader checks the words against the schema.
  else
    alternatives.push({
      type: 'string',
      pattern: '^\\s*[A-Za-z_][A-Za-z0-9_]*=',
      description: 'Arguments as `key=value` words on one line.',
    });
  const needsNothing = ((step.schema.required ?? []) as unknown[]).length === 0 && !step.requiresOneOf && !step.schema.minProperties;
  if (needsNothing) alternatives.push({ type: 'null' });
  // draft-07 ignores keywords beside `$ref`, so the description sits on a wrapper.
  return alternatives.length === 1 ? { description: step.summary, allOf: [ref] } : { description: step.summary, anyOf: alternatives };
}

/** Every committed schema file, path relative to the repository → exact contents. */
export function buildSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const step of STEPS.values()) files.set(`schemas/steps/${step.name}.schema.json`, stableJson(buildStepSchema(step)));
  files.set('schemas/playbook.schema.json', stableJson(buildPlaybookSchema()));
  files.set('schemas/inventory.schema.json', stableJson(INVENTORY_SCHEMA));
  return files;
}
