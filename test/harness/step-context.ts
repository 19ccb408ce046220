/**
 * A `StepContext` for tests that run one step against a real `Host` (the test sshd), without a
 * runner. Test-only: the runner builds real contexts from plays, tasks and variables.
 */
import type { BecomeOptions, Host } from '../../src/connection/host.js';
import { LocalHost } from '../../src/connection/local.js';
import type { StepContext } from '../../src/steps/step-run.js';
import { pyStr } from '../../src/template/py-text.js';
import { renderTemplate } from '../../src/template/render.js';
import { Scope } from '../../src/template/scope.js';

/** What a test may set; everything else gets a plain default. */
export interface TestContextOptions {
  check?: boolean;
  diff?: boolean;
  become?: BecomeOptions;
  timeoutMs?: number;
  signal?: AbortSignal;
  now?: () => Date;
  /** Variables `lookup` answers from (`playbook_dir`, …). */
  vars?: Record<string, unknown>;
}

/** A context plus the warnings the step emitted. */
export interface TestContext extends StepContext {
  warnings: string[];
}

/** A context acting on `host`; `evaluate` is not available (host steps do not use it). */
export function stepContext(host: Host, options: TestContextOptions = {}): TestContext {
  const warnings: string[] = [];
  const vars = options.vars ?? {};
  return {
    host,
    controller: new LocalHost('controller'),
    hostName: host.name,
    check: options.check ?? false,
    diff: options.diff ?? false,
    ...(options.become ? { become: options.become } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    signal: options.signal ?? new AbortController().signal,
    verbosity: 0,
    now: options.now ?? (() => new Date()),
    evaluate: () => {
      throw new Error('evaluate is not available in step tests');
    },
    lookup: (name) => {
      if (!Object.hasOwn(vars, name)) throw new Error(`undefined variable ${name}`);
      return vars[name];
    },
    renderText: (text, extra) => pyStr(renderTemplate(text, Scope.from(vars).with(extra, 'data'))),
    warn: (message) => {
      warnings.push(message);
    },
    warnings,
  };
}
