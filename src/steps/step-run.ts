/**
 * The run-time half of the step contract: what a step is given and what it returns.
 *
 * A step reads the host's state, decides what must change, and changes only that. Failures
 * are results (`failed: true` with a `msg`); only bugs throw. A lost connection surfaces as
 * the connection layer's `HostUnreachableError`, which the runner turns into UNREACHABLE.
 */
import type { BecomeOptions, Host } from '../connection/host.js';

/**
 * The run's pooled connection to the step's host, for steps that drop and re-establish it
 * (`reboot`, `wait_for_connection`, `meta: reset_connection`). The other steps never need it:
 * `host` is that same connection.
 */
export interface StepConnection {
  /** How the host is reached: over SSH, or the controller itself (`ansible_connection: local`). */
  readonly transport: 'ssh' | 'local';
  /** Closes the connection if one is open; the next call on `host` (or {@link open}) makes a new one. */
  reset(): Promise<void>;
  /**
   * Closes the connection and opens a new one now, in one attempt (no connect retries), the
   * handshake bounded by `connectTimeoutMs` when given (else the host's own connect timeout).
   * Later calls on `host` use it. Throws `HostUnreachableError`.
   */
  reopen(options?: { connectTimeoutMs?: number }): Promise<void>;
}

/** What the runner hands a step for one host (and one loop item). */
export interface StepContext {
  /** The host the step acts on (the delegate when `delegate_to` is set). */
  host: Host;
  /**
   * The pooled connection behind `host`, to drop and re-establish it. For a step that declares
   * `reconnects`, `host` opens the connection on first use (it may not be reachable yet).
   */
  connection?: StepConnection;
  /** The controller itself, for steps that can work from there (`tls_probe from: controller`). */
  controller: Host;
  /** The inventory name of the host the task is for (not the delegate). */
  hostName: string;
  /** Check mode for this task: report what would change, change nothing. */
  check: boolean;
  /** Diff mode for this task: return `diff` where the step can. */
  diff: boolean;
  /** Privilege escalation to apply to every exec/read/write the step makes, when set. */
  become?: BecomeOptions;
  /** The task's `timeout` in milliseconds, if any; the runner also enforces it. */
  timeoutMs?: number;
  /** Aborted when the run is interrupted or the task times out. */
  signal: AbortSignal;
  /**
   * Aborted at the first interrupt when this task is ordinary work (for a cleanup task in an
   * `always:` section: when the cleanup must end). A step that waits or polls (`pause`,
   * `wait_for`) stops waiting then, rather than going on through the grace period that `signal`
   * gives the commands in flight. Absent: nothing halts it but `signal`.
   */
  halt?: AbortSignal;
  /** `-v` count, for steps whose output depends on it (`debug verbosity:`). */
  verbosity: number;
  /** The controller's notion of "now" (injectable, so tests and `at:` can move it). */
  now(): Date;
  /** Evaluates a bare Jinja expression with the task's variables (`assert that:`). */
  evaluate(expression: string): boolean;
  /** Looks a variable up by dotted name (`debug var:`), numbers as Python holds them (py-number.ts); throws UndefinedVariableError. */
  lookup(name: string): unknown;
  /**
   * Renders a whole template text (the `template` step's file) in the same sandbox as task
   * templates, with the task's variables and `extra` on top (taken as they are, never rendered
   * again); the result as Python's `str()`. Throws the template's `TemplateError`.
   */
  renderText?(text: string, extra: Readonly<Record<string, unknown>>): string;
  /** A non-fatal note shown to the user (`[WARNING]: …`). */
  warn(message: string): void;
  /**
   * A secret the step read on the host (a kubeconfig's key, token or password): masked from then
   * on wherever any output or report of the run would show it, as the run's passwords are.
   */
  secret?(value: string): void;
}

/** One before/after pair for `--diff`. */
export interface StepDiff {
  before: string;
  after: string;
  beforeHeader?: string;
  afterHeader?: string;
}

/** What a step reports. `data` is merged into the registered result next to these fields. */
export interface StepResult {
  changed: boolean;
  failed?: boolean;
  skipped?: boolean;
  msg?: string;
  /** Registered fields (`rc`, `stdout`, `stat`, `files`, `certificates`, …). */
  data?: Record<string, unknown>;
  diff?: StepDiff[];
  /** `set_fact`: variables to set on the host. */
  facts?: Record<string, unknown>;
  /** `set_fact cacheable: true`: the facts also join the host's gathered facts (`ansible_facts`). */
  factsCacheable?: boolean;
  /**
   * `include_vars`: variables for the host from then on, for the rest of the run, at Ansible's
   * include_vars precedence (above task vars, below set_fact and extra vars); rendered lazily.
   */
  includedVars?: Record<string, unknown>;
  /** `publish`: rows to add to the run's records. */
  records?: { table: string; rows: Record<string, unknown>[]; columns?: string[]; sortBy?: string[] };
  /** `meta`: an instruction for the runner. */
  meta?: 'flush_handlers' | 'end_host' | 'end_play' | 'noop' | 'reset_connection';
}

/** A step's executable part, keyed by step name in the step's own file. */
export type StepRun = (args: Record<string, unknown>, ctx: StepContext) => Promise<StepResult>;
