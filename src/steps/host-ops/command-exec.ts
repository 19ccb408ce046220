/**
 * The part `command` and `shell` share: the `creates`/`removes` gate, check mode, stdin and
 * environment, and the Ansible-shaped result (`rc`, `stdout`, `stdout_lines`, `start`, `delta`…).
 *
 * The gate runs in the same exec as the command (one round trip): the script tests the paths
 * and either prints a random marker and stops, or `exec`s the command. The paths reach the shell
 * as quoted words expanded through a variable, so a glob in `creates` works while `$(…)`,
 * quotes and newlines in it are never interpreted.
 */
import { randomBytes } from 'node:crypto';
import type { ExecResult } from '../../connection/host.js';
import { shellQuote } from '../../connection/shell-quote.js';
import type { ArgsSchema, COMMAND_OPTIONS, StepArgs } from '../schema-helpers.js';
import type { StepContext, StepResult } from '../step-run.js';
import { execOnHost } from './host-exec.js';

/** Output cap per stream for commands: enough for any sane command, bounded for a runaway one. */
export const COMMAND_OUTPUT_LIMIT = 4 * 1024 * 1024;

/** The options `command` and `shell` share (COMMAND_OPTIONS in schema-helpers.ts). */
export type CommandOptions = StepArgs<ArgsSchema<typeof COMMAND_OPTIONS, never>>;

/** What to run: shell text for the host (ending in an `exec`), and what the result reports as `cmd`. */
export interface CommandLine {
  /** `/bin/sh -c` text that runs the command (already quoted). */
  script: string;
  /** Registered as `cmd`: the argv list (`command`) or the command line (`shell`). */
  shown: string | string[];
}

// `IFS=` keeps a path with spaces one word; unquoted expansion still globs, but never runs `$()`.
const EXISTS_FUNCTION = 'cb_exists() { IFS=; set -- $1; unset IFS; [ -e "$1" ] || [ -L "$1" ]; }';

/** Runs `line` under the shared options, honouring check mode and the gate. */
export async function runCommand(ctx: StepContext, line: CommandLine, options: CommandOptions): Promise<StepResult> {
  const gated = options.creates !== undefined || options.removes !== undefined;
  if (ctx.check && !gated) return wouldRun(line);
  const marker = `__certbook_skip_${randomBytes(9).toString('hex')}__`;
  const script = gated ? gateScript(line.script, options, marker, ctx.check) : line.script;
  const start = ctx.now();
  const r = await execOnHost(ctx, script, {
    maxOutputBytes: COMMAND_OUTPUT_LIMIT,
    ...(options.chdir !== undefined ? { cwd: options.chdir } : {}),
    ...(options.env ? { env: envStrings(options.env) } : {}),
    ...(options.stdin !== undefined && !ctx.check ? { stdin: options.stdin + (options.stdin_add_newline ? '\n' : '') } : {}),
  });
  const end = ctx.now();
  if (r.becomeError) return { changed: false, failed: true, msg: r.becomeError.message, data: { cmd: line.shown } };
  const gate = gated ? gateOutcome(r, marker, options) : undefined;
  if (gate) return gate;
  if (ctx.check) return wouldRun(line);
  if (r.truncated) ctx.warn(`the output of the command was cut at ${COMMAND_OUTPUT_LIMIT} bytes per stream`);
  return commandResult(r, line, options, start, end);
}

function gateScript(command: string, options: CommandOptions, marker: string, check: boolean): string {
  const lines = [EXISTS_FUNCTION];
  if (options.creates !== undefined) lines.push(`if cb_exists ${shellQuote(options.creates)}; then echo ${marker}creates; exit 0; fi`);
  if (options.removes !== undefined) lines.push(`if ! cb_exists ${shellQuote(options.removes)}; then echo ${marker}removes; exit 0; fi`);
  lines.push(check ? `echo ${marker}run` : command);
  return lines.join('\n');
}

/** The result when the gate decided (skip, or in check mode "would run"); undefined otherwise. */
function gateOutcome(r: ExecResult, marker: string, options: CommandOptions): StepResult | undefined {
  const said = r.rc === 0 ? r.stdout.trim() : '';
  if (said === `${marker}creates`) return skippedBy(`${options.creates} exists`);
  if (said === `${marker}removes`) return skippedBy(`${options.removes} does not exist`);
  return undefined;
}

function skippedBy(reason: string): StepResult {
  return {
    changed: false,
    msg: `Did not run the command since ${reason}`,
    data: { rc: 0, stdout: `skipped, since ${reason}`, stderr: '', stdout_lines: [`skipped, since ${reason}`], stderr_lines: [] },
  };
}

/** Check mode: the command is not run; rc 0 as in Ansible, so `failed_when: rc != 0` holds. */
function wouldRun(line: CommandLine): StepResult {
  return {
    changed: true,
    msg: 'Command would have run if not in check mode',
    data: { cmd: line.shown, rc: 0, stdout: '', stderr: '', stdout_lines: [], stderr_lines: [], start: null, end: null, delta: null },
  };
}

function commandResult(r: ExecResult, line: CommandLine, options: CommandOptions, start: Date, end: Date): StepResult {
  const stdout = options.strip_empty_ends ? r.stdout.replace(/[\r\n]+$/, '') : r.stdout;
  const stderr = options.strip_empty_ends ? r.stderr.replace(/[\r\n]+$/, '') : r.stderr;
  const data = {
    cmd: line.shown,
    rc: r.rc,
    stdout,
    stderr,
    stdout_lines: splitLines(stdout),
    stderr_lines: splitLines(stderr),
    start: ansibleTime(start),
    end: ansibleTime(end),
    delta: formatDelta(r.durationMs),
  };
  if (r.timedOut) return { changed: true, failed: true, msg: 'the command timed out and was killed on the host', data };
  if (r.rc === null) return { changed: true, failed: true, msg: `the command was killed by ${r.signal ?? 'a signal'}`, data };
  if (r.rc !== 0) return { changed: true, failed: true, msg: 'non-zero return code', data };
  return { changed: true, msg: '', data };
}

/** Python's `str.splitlines()` for the line endings commands print. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** A moment as Ansible's command results write it, `YYYY-MM-DD HH:MM:SS.ffffff` (here always UTC). */
export function ansibleTime(date: Date): string {
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 23)}000`;
}

/** Milliseconds as Ansible's `delta`: `H:MM:SS.ffffff`. */
export function formatDelta(ms: number): string {
  const micros = Math.max(0, Math.round(ms * 1000));
  const seconds = Math.floor(micros / 1e6);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(micros % 1e6).padStart(6, '0')}`;
}

function envStrings(env: Record<string, string | number | boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}
