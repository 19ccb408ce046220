/**
 * `certbook run` for real: turns the parsed command line into the runner's options, picks the
 * reporters, asks for passwords when told to, runs, writes the report/events/JUnit files and
 * returns the exit code. Every artifact is fed by events only.
 */

import { resumeOptimizingCompiler } from '../../../bin/optimizing-compiler.mjs';
import { fsErrorText } from '../../errors/fs-error-text.js';
import type { RunListener } from '../../events/run-events.js';
import type { ShardRecord } from '../../events/shard-record.js';
import type { Inventory } from '../../inventory/inventory.js';
import type { Playbook } from '../../playbook/model.js';
import { type EventsFile, openEventsFile } from '../../report/events-file.js';
import type { ReportJson } from '../../report/html/fleet-view.js';
import { writeHtmlReport } from '../../report/html/write-html-report.js';
import { writeJunit } from '../../report/junit.js';
import { formatMetrics, type MetricsInput } from '../../report/metrics.js';
import { writeOutputFile } from '../../report/output-file.js';
import { OutputPathError } from '../../report/output-target.js';
import { createReportBuilder } from '../../report/report-builder.js';
import { selectReporter } from '../../report/select-reporter.js';
import { reportJson, writeReport } from '../../report/write-report.js';
import { connectionEnvironment } from '../../runner/invocation-env.js';
import type { RunOptions } from '../../runner/run-options.js';
import { runPlaybook } from '../../runner/run-playbook.js';
import { modeOption } from '../args/output-mode-arg.js';
import type { RunCommandOptions } from '../args/run-options.js';
import { EXIT, exitAfterOutputs } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { packageVersion } from '../version.js';
import { absoluteOutputs, type OutputFailure, outputFailed, writeOne } from './output-files.js';

/** Runs the loaded playbook; returns the exit code. */
export async function executeRun(
  playbook: Playbook,
  inventory: Inventory,
  playHosts: string[][],
  extraVars: Record<string, unknown>,
  given: RunCommandOptions,
  io: CliIo,
  shard?: ShardRecord,
): Promise<number> {
  // The tasks about to run over the fleet are where optimized code pays (bin/certbook.js defers it).
  resumeOptimizingCompiler();
  // Output files named on the command line are relative to the invocation's directory.
  const options = absoluteOutputs(given, io);
  const cleanupTimeoutMs = cleanupTimeoutOf(io);
  if (typeof cleanupTimeoutMs === 'string') {
    io.stderr.write(`certbook run: ${cleanupTimeoutMs}\n`);
    return EXIT.BAD_OPTIONS;
  }
  const secrets = new Set<string>();
  const passwords = await askPasswords(options, io, secrets);
  if (typeof passwords === 'number') return passwords;
  const progress = selectReporter({
    renderer: options.renderer,
    stdout: io.stdout as NodeJS.WriteStream,
    stderr: io.stderr as NodeJS.WriteStream,
    env: io.env,
    verbosity: options.verbosity,
    secrets,
  });
  const listeners: RunListener[] = [progress.listener];
  const builder =
    options.report || options.junit || options.html ? createReportBuilder({ certbookVersion: packageVersion(), secrets }) : undefined;
  if (builder) listeners.push(builder.listener);
  let events: EventsFile | undefined;
  if (options.events) {
    try {
      events = openEventsFile(options.events, { secrets, stdout: io.stdout, stderr: io.stderr, ...modeOption(options.outputMode) });
    } catch (error) {
      // The path was checked before loading; this is what changed since (or a FIFO that failed to open).
      io.stderr.write(
        `certbook run: cannot open --events ${options.events}: ${error instanceof OutputPathError ? error.message : fsErrorText(error)}\n`,
      );
      return EXIT.BAD_OPTIONS;
    }
    listeners.push(events.listener);
  }
  const runnerOptions: RunOptions = {
    tags: { only: options.tags.length ? options.tags : ['all'], skip: options.skipTags },
    check: options.check,
    diff: options.diff,
    forks: options.forks,
    extraVars,
    verbosity: options.verbosity,
    listeners,
    secrets,
    ...(shard ? { shard } : {}),
    ...(options.startAtTask !== undefined ? { startAtTask: options.startAtTask } : {}),
    ...(options.hostKeyChecking ? { hostKeyChecking: options.hostKeyChecking } : {}),
    ...(hostKeyCheckingFromEnv(io.env) ? { defaultHostKeyChecking: hostKeyCheckingFromEnv(io.env)! } : {}),
    ...(options.user ? { remoteUser: options.user } : {}),
    ...(options.privateKey ? { privateKeyFile: options.privateKey } : {}),
    ...(options.timeout !== undefined ? { connectTimeoutSeconds: options.timeout } : {}),
    ...(options.sshCommonArgs ? { sshCommonArgs: options.sshCommonArgs } : {}),
    ...(options.become ? { become: true } : {}),
    ...(options.becomeUser ? { becomeUser: options.becomeUser } : {}),
    ...(options.becomeMethod ? { becomeMethod: options.becomeMethod } : {}),
    ...passwords,
    ...connectionEnvironment(io.env),
    ...(io.signals ? { signal: io.signals.stop, killSignal: io.signals.kill } : {}),
    ...(io.signals?.skipCleanup ? { skipCleanupSignal: io.signals.skipCleanup } : {}),
    ...(io.signals?.cleanupStarted ? { onCleanupStart: io.signals.cleanupStarted } : {}),
    ...(cleanupTimeoutMs !== undefined ? { cleanupTimeoutMs } : {}),
  };
  const started = Date.now();
  const summary = await runPlaybook(playbook, inventory, playHosts, runnerOptions);
  await progress.close();
  const failures = [
    ...closeEvents(events, options, io),
    ...writeArtifacts(builder, options, io, secrets),
    ...writeMetrics(options, io, { ...summary, finishedAt: new Date(), durationMs: Date.now() - started }),
  ];
  return exitAfterOutputs(summary.exitCode, failures.length);
}

/** The environment variable that sets how long an interrupted run's cleanup may take, in seconds. */
export const CLEANUP_TIMEOUT_ENV = 'CERTBOOK_CLEANUP_TIMEOUT';

/** `CERTBOOK_CLEANUP_TIMEOUT` in ms (undefined: the default), or what is wrong with it. */
function cleanupTimeoutOf(io: CliIo): number | undefined | string {
  const raw = io.env[CLEANUP_TIMEOUT_ENV]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(seconds) || seconds > 86_400) {
    return `${CLEANUP_TIMEOUT_ENV}=${JSON.stringify(raw)} is not a number of seconds from 0 (no cleanup after an interrupt) to 86400`;
  }
  return Math.round(seconds * 1000);
}

/** `ANSIBLE_HOST_KEY_CHECKING=False` (or no/0/off) turns checking off, as Ansible users expect. */
function hostKeyCheckingFromEnv(env: CliIo['env']): 'off' | undefined {
  const value = env.ANSIBLE_HOST_KEY_CHECKING?.trim().toLowerCase();
  return value !== undefined && ['false', 'no', '0', 'off', 'n'].includes(value) ? 'off' : undefined;
}

async function askPasswords(
  options: RunCommandOptions,
  io: CliIo,
  secrets: Set<string>,
): Promise<{ becomePassword?: string; connectionPassword?: string } | number> {
  const out: { becomePassword?: string; connectionPassword?: string } = {};
  for (const [flag, wanted, key, question] of [
    ['-k', options.askPass, 'connectionPassword', 'SSH password: '],
    ['-K', options.askBecomePass, 'becomePassword', 'BECOME password: '],
  ] as const) {
    if (!wanted) continue;
    if (!io.askSecret) {
      io.stderr.write(
        `certbook run: ${flag} needs a terminal to ask on; unattended runs take the password from the inventory (ansible_password / ansible_become_password), e.g. -e @secrets.yaml\n`,
      );
      return EXIT.BAD_OPTIONS;
    }
    const answer = await io.askSecret(question);
    secrets.add(answer);
    out[key] = answer;
  }
  return out;
}

/** Closes --events; its first write error during the run (a full disk) is a failure named now. */
function closeEvents(events: EventsFile | undefined, options: RunCommandOptions, io: CliIo): OutputFailure[] {
  if (!events || !options.events) return [];
  events.close();
  return events.error ? [outputFailed('--events', options.events, events.error, io)] : [];
}

/** Writes --metrics; the failure, if any. */
function writeMetrics(options: RunCommandOptions, io: CliIo, input: MetricsInput): OutputFailure[] {
  if (!options.metrics) return [];
  const path = options.metrics;
  const failed = writeOne('--metrics', path, io, () =>
    writeOutputFile(path, formatMetrics(input), { stdout: io.stdout, stderr: io.stderr, ...modeOption(options.outputMode) }),
  );
  return failed ? [failed] : [];
}

/** Writes --report, --junit and --html, each on its own; the failures, if any. */
function writeArtifacts(
  builder: ReturnType<typeof createReportBuilder> | undefined,
  options: RunCommandOptions,
  io: CliIo,
  secrets: Set<string>,
): OutputFailure[] {
  if (!builder) return [];
  const report = builder.build();
  const streams = { stdout: io.stdout, stderr: io.stderr, ...modeOption(options.outputMode) };
  const failures: Array<OutputFailure | undefined> = [];
  const { report: reportPath, junit } = options;
  if (reportPath) failures.push(writeOne('--report', reportPath, io, () => writeReport(reportPath, report, { secrets, ...streams })));
  if (junit) failures.push(writeOne('--junit', junit, io, () => writeJunit(junit, report, { secrets, ...streams })));
  // The page is made from the report exactly as --report writes it (masked, plain JSON values).
  const { html } = options;
  if (html)
    failures.push(
      writeOne('--html', html, io, () => writeHtmlReport(html, [JSON.parse(reportJson(report, secrets)) as ReportJson], streams)),
    );
  return failures.filter((f) => f !== undefined);
}
