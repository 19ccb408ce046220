/**
 * Test helper: every step example parsed exactly as the loader reads YAML (YAML 1.1, Ansible
 * tags), with its step arguments extracted the way the loader does (free form expanded, `args:`
 * merged under the step's own arguments).
 */
import { ProblemList } from '../../src/errors/problem.js';
import { STEPS } from '../../src/steps/registry.js';
import type { StepDefinition, StepExample } from '../../src/steps/step.js';
import { parseSource } from '../../src/yaml/source-file.js';

/** One example, parsed. */
export interface ParsedExample {
  step: StepDefinition;
  example: StepExample;
  /** Problems from parsing the YAML (none expected). */
  problems: ProblemList;
  /** The parsed document: a list of tasks. */
  tasks: unknown;
  /** The first task as a mapping, or undefined when the document is not a list of mappings. */
  task?: Record<string, unknown>;
  /** The step's arguments as the loader would build them. */
  args?: Record<string, unknown>;
}

/** Every example of every step, parsed. */
export function parsedExamples(): ParsedExample[] {
  return [...STEPS.values()].flatMap((step) => step.examples.map((example) => parse(step, example)));
}

function parse(step: StepDefinition, example: StepExample): ParsedExample {
  const problems = new ProblemList();
  const source = parseSource(`${step.name}.example.yaml`, example.yaml, problems);
  const tasks = source?.toJS(problems);
  const first = Array.isArray(tasks) ? (tasks[0] as unknown) : undefined;
  if (!first || typeof first !== 'object' || Array.isArray(first)) return { step, example, problems, tasks };
  const task = first as Record<string, unknown>;
  const own = task[step.name];
  const given = typeof own === 'string' && step.freeForm ? { [step.freeForm]: own } : ((own ?? {}) as Record<string, unknown>);
  const extra = (task.args ?? {}) as Record<string, unknown>;
  return { step, example, problems, tasks, task, args: { ...extra, ...given } };
}
