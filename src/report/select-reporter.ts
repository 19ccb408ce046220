/**
 * `--renderer auto|tty|plain|json`: which reporter draws the run. `auto` draws live lists only
 * for a person at a terminal: stdout is a TTY, `CI` is not set (listr2 itself does not look at
 * `CI`), and the terminal is not `dumb`. Everything else, cron and CI included, gets the plain
 * ansible-playbook output.
 */

import type { Secrets } from '../events/redact.js';
import { createJsonReporter } from './json-reporter.js';
import { createPlainReporter } from './plain-reporter.js';
import type { Reporter } from './reporter.js';
import { createTtyReporter } from './tty-reporter.js';

/** The values `--renderer` accepts. */
export const RENDERER_NAMES = ['auto', 'tty', 'plain', 'json'] as const;

/** A `--renderer` value. */
export type RendererName = (typeof RENDERER_NAMES)[number];

/** What `auto` resolves to. */
export type ResolvedRenderer = Exclude<RendererName, 'auto'>;

/** The environment facts the choice depends on. */
export interface RendererEnvironment {
  /** Whether stdout is a terminal. */
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** Whether `CI` is set the way CI systems set it (any value but empty, `0` or `false`). */
export function ciDetected(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** Resolves `auto`; other names are taken as asked. */
export function chooseRenderer(requested: RendererName, environment: RendererEnvironment): ResolvedRenderer {
  if (requested !== 'auto') return requested;
  const dumb = environment.env.TERM === 'dumb';
  return environment.isTTY && !ciDetected(environment.env) && !dumb ? 'tty' : 'plain';
}

/** Everything needed to build any of the reporters. */
export interface SelectReporterOptions {
  renderer: RendererName;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Readonly<Record<string, string | undefined>>;
  verbosity: number;
  secrets?: Secrets;
}

/** The reporter `--renderer` asks for (with `auto` resolved against `stdout` and the environment), and its name. */
export function selectReporter(options: SelectReporterOptions): Reporter & { renderer: ResolvedRenderer } {
  const renderer = chooseRenderer(options.renderer, { isTTY: options.stdout.isTTY === true, env: options.env });
  const secrets = options.secrets ?? [];
  const write = (text: string) => void options.stdout.write(text);
  const writeError = (text: string) => void options.stderr.write(text);
  const done = async () => undefined;
  switch (renderer) {
    case 'tty':
      return {
        renderer,
        ...createTtyReporter({ stream: options.stdout, errorStream: options.stderr, verbosity: options.verbosity, secrets }),
      };
    case 'json':
      return { renderer, listener: createJsonReporter({ write, secrets }), close: done };
    case 'plain': {
      const columns = options.stdout.isTTY === true ? options.stdout.columns : undefined;
      return {
        renderer,
        listener: createPlainReporter({ write, writeError, verbosity: options.verbosity, secrets, ...(columns ? { columns } : {}) }),
        close: done,
      };
    }
  }
}
