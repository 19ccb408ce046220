/**
 * What a step is, as far as loading and documenting it goes. Execution (`run`) is added by the
 * step library; everything here must be known before any host is contacted.
 */
import type { ProblemCode } from '../errors/codes.js';
import type { ArgumentSpec } from '../validate/argument-spec.js';
import type { StepRun } from './step-run.js';

/** A load-time problem with a controller file a step's argument names (see `loadCheck`). */
export interface StepFileIssue {
  /** `FILE_NOT_FOUND`, `FILE_UNREADABLE`, `TEMPLATE_SYNTAX`, or the problem the file itself has (`YAML_SYNTAX`, …). */
  code: ProblemCode;
  /** The argument it is about (`['src']`). */
  path: string[];
  message: string;
  hint: string;
}

/** One example shown in `certbook steps NAME`. */
export interface StepExample {
  /** What the example does, in one line. */
  title: string;
  /** A task in YAML, exactly as a user would write it in a playbook. */
  yaml: string;
}

/**
 * A step's static definition. The schema (in `ArgumentSpec`, with its name and argument rules)
 * is the single home of its arguments: loading, `certbook steps NAME` and
 * `schemas/steps/NAME.schema.json` are all derived from it.
 */
export interface StepDefinition extends ArgumentSpec {
  /** One line for `certbook steps`. */
  summary: string;
  /** The longer explanation for `certbook steps NAME`. */
  description: string;
  /** What the step does under `--check`. */
  checkMode: string;
  /** What `changed: true` means for this step. */
  changed: string;
  /** What the step registers, field by field. */
  returns: Record<string, string>;
  /** One to three tasks showing real use; each must itself pass the step's schema. */
  examples: StepExample[];
  /**
   * The step works on the controller only (`debug`, `assert`, `set_fact`, …): the runner does
   * not open a connection for it, so it also works for a host that cannot be reached.
   */
  controllerOnly?: boolean;
  /**
   * The step manages the host's connection itself (`reboot`, `wait_for_connection`): the runner
   * does not connect before it runs (the host may be down), `ctx.host` connects on first use and
   * `ctx.connection` drops and re-establishes it.
   */
  reconnects?: boolean;
  /**
   * The step receives Python's numbers as templates made them (a whole float as a `PyFloat`,
   * an int beyond 2^53 as a bigint) instead of JavaScript numbers: for steps that print
   * values (`debug`), so `1.0` prints as `1.0`. Validation always sees JavaScript numbers.
   */
  pythonValues?: boolean;
  /**
   * Checks at load time, on the controller, the files that literal arguments name (a `template`
   * whose `src` is missing or does not parse), so such a mistake stops the run before connecting.
   * Arguments that are templates are the run's business. Called only when the schema passed;
   * `roleDir` is the role's directory for a task in a role (searched before the playbook's).
   */
  loadCheck?: (args: Readonly<Record<string, unknown>>, playbookDir: string, roleDir?: string) => StepFileIssue[];
  /**
   * Executes the step for one host with rendered, re-validated arguments (see `step-run.ts`).
   * Optional only while the step library is being filled in; a test requires it of every step.
   */
  run?: StepRun;
  /** Set for a team's own step (steps/, --steps-path): the file it came from. */
  custom?: string;
}
