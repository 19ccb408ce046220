/**
 * Runs one command over any channel that looks like a process (an SSH exec channel, a local
 * child process): markers, become, stdin, output caps, timeout and abort. Shared by `ssh.ts`
 * and `local.ts`, so both behave the same down to how a timed-out command is killed.
 */
import { setMaxListeners } from 'node:events';
import type { Readable } from 'node:stream';
import { BecomeNegotiation } from './become-negotiation.js';
import type { BecomeError } from './errors.js';
import { DEFAULT_MAX_OUTPUT_BYTES, type ExecOptions, type ExecResult } from './host.js';
import { MarkerFilter } from './marker-filter.js';
import { OutputCollector } from './output-collector.js';
import { buildCommand, type ExecMarkers, killCommand, newMarkers } from './remote-command.js';

/** How a process-like channel ended. */
export interface ChannelExit {
  code: number | null;
  /** Signal name with the `SIG` prefix. */
  signal?: string;
}

/** One started command, as the transport delivers it. */
export interface ExecChannel {
  readonly stdout: Readable;
  readonly stderr: Readable;
  write(data: Buffer): void;
  /** Closes stdin (EOF). */
  end(): void;
  /** Settles after the process ended and its output was read; rejects when the link died. */
  readonly closed: Promise<ChannelExit>;
  /** Drops the channel without waiting for the process. */
  destroy(): void;
}

/** Something that can start a `/bin/sh -c` command line. */
export interface ExecTransport {
  open(commandLine: string): Promise<ExecChannel>;
  /**
   * Opens a channel for a kill command without waiting for a channel slot: the slots may all
   * be held by the very commands that need killing.
   */
  openUrgent?(commandLine: string): Promise<ExecChannel>;
}

/**
 * The host's login shell ended without running the command line at all: no marker came, on
 * either stream, and it exited normally. It is not a shell that can run commands (`/bin/false`,
 * `nologin`): every command on this connection would fail the same way, so the transport turns
 * this into an unreachable host rather than a failed command.
 */
export class ShellDidNotRunError extends Error {
  constructor(
    /** The exit status of the login shell. */
    readonly exitCode: number,
    /** What it printed (nologin's "This account is currently not available."), trimmed. */
    readonly output: string,
  ) {
    super(
      `the login shell exited with status ${exitCode} without running the command${output ? `, saying: ${output}` : ' and printed nothing'}`,
    );
    this.name = 'ShellDidNotRunError';
  }
}

/** How long sudo/su may take to start the command before we call it a failure. */
export const BECOME_TIMEOUT_MS = 20_000;
/** After TERM, how long the command gets before KILL; after KILL, before we drop the channel. */
const TERM_GRACE_MS = 1500;
const KILL_GRACE_MS = 2000;
/** How long a kill for an abort waits for the markers of a command that may run but has not said so yet. */
const START_GRACE_MS = 3000;

/** Runs `command` through `transport` and resolves with its result (see `Host.exec`). */
export async function runExec(transport: ExecTransport, command: string, options: ExecOptions = {}, urgent = false): Promise<ExecResult> {
  options.signal?.throwIfAborted();
  const markers = newMarkers();
  const started = performance.now();
  const line = buildCommand(command, options, markers);
  const channel = await (urgent && transport.openUrgent ? transport.openUrgent(line) : transport.open(line));
  return new ExecRun(transport, channel, options, markers, started).run();
}

class ExecRun {
  private readonly out: OutputCollector;
  private readonly err: OutputCollector;
  private readonly outFilter: MarkerFilter;
  private readonly errFilter: MarkerFilter;
  private readonly negotiation?: BecomeNegotiation;
  private becomeError?: BecomeError;
  private timedOut = false;
  private aborted = false;
  private killing?: Promise<void>;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Woken when a marker brings the command's pids (a kill waiting for them). */
  private readonly pidWaiters: Array<() => void> = [];

  constructor(
    private readonly transport: ExecTransport,
    private readonly channel: ExecChannel,
    private readonly options: ExecOptions,
    private readonly markers: ExecMarkers,
    private readonly started: number,
  ) {
    const cap = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    this.out = new OutputCollector(cap);
    this.err = new OutputCollector(cap);
    this.outFilter = new MarkerFilter(markers.start, (c) => this.out.push(c));
    this.errFilter = new MarkerFilter(
      markers.start,
      (c) => this.err.push(c),
      () => this.onStarted(),
    );
    if (options.become) this.negotiation = new BecomeNegotiation(options.become, markers);
  }

  async run(): Promise<ExecResult> {
    this.channel.stdout.on('data', (c: Buffer) => this.outFilter.push(c));
    this.channel.stderr.on('data', (c: Buffer) => this.onStderr(c));
    // Without become nothing can read stdin before the command, so it need not wait.
    if (!this.negotiation) this.sendStdin();
    this.armTimers();
    // An abort may come before the command's markers (with the pids to kill) have arrived, even
    // though the host already runs it: wait for them (a timeout does not, see killSequence).
    const onAbort = (): void => {
      this.aborted = true;
      void this.kill(START_GRACE_MS);
    };
    // A run's signal is shared by every command in flight (forks × channels): many listeners
    // at once are expected, not a leak, so Node's warning past 10 is turned off for it.
    if (this.options.signal) setMaxListeners(0, this.options.signal);
    this.options.signal?.addEventListener('abort', onAbort, { once: true });
    // Aborted while the channel was opening (queued for a free channel, or the host slow to
    // confirm it): the listener came too late to hear it, and the command would run to its end.
    // The host may already run it while its markers (the pids to kill) are on the way: wait
    // for them first.
    if (this.options.signal?.aborted) {
      this.aborted = true;
      void this.kill(START_GRACE_MS);
    }
    try {
      const exit = await this.channel.closed;
      await this.killing;
      if (this.aborted) throw this.options.signal?.reason ?? new Error('aborted');
      return this.result(exit);
    } finally {
      for (const t of this.timers) clearTimeout(t);
      this.options.signal?.removeEventListener('abort', onAbort);
    }
  }

  private armTimers(): void {
    const { timeoutMs } = this.options;
    if (timeoutMs !== undefined) {
      this.timers.push(
        setTimeout(() => {
          this.timedOut = true;
          void this.kill();
        }, timeoutMs),
      );
    }
    // A shorter exec deadline covers a stuck sudo/su itself (reported as a timeout).
    if (this.negotiation && (timeoutMs ?? Infinity) > BECOME_TIMEOUT_MS) {
      this.timers.push(
        setTimeout(() => {
          if (!this.errFilter.started && !this.becomeError)
            this.failBecome(this.negotiation!.error('timed out', this.errFilter.preamble()));
        }, BECOME_TIMEOUT_MS),
      );
    }
  }

  private onStderr(chunk: Buffer): void {
    const wasStarted = this.errFilter.started;
    this.errFilter.push(chunk);
    if (this.pidWaiters.length > 0 && this.pids().length > 0) for (const wake of this.pidWaiters.splice(0)) wake();
    if (wasStarted || this.errFilter.started || !this.negotiation || this.becomeError) return;
    const step = this.negotiation.step(this.errFilter.preamble());
    if (step.action === 'send-password') this.channel.write(Buffer.from(`${this.options.become!.password}\n`));
    else if (step.action === 'fail') this.failBecome(step.error);
  }

  private onStarted(): void {
    if (this.negotiation && !this.becomeError) this.sendStdin();
  }

  private sendStdin(): void {
    const { stdin } = this.options;
    if (stdin !== undefined && stdin.length > 0) this.channel.write(Buffer.isBuffer(stdin) ? stdin : Buffer.from(stdin));
    this.channel.end();
  }

  private failBecome(error: BecomeError): void {
    this.becomeError = error;
    // EOF makes sudo/su give up; the timer covers one that does not.
    this.channel.end();
    this.timers.push(setTimeout(() => this.channel.destroy(), TERM_GRACE_MS));
  }

  /**
   * Kills the command's process groups on the host, escalating TERM → KILL → drop; with
   * `waitForPidsMs`, first waits that long for the markers that name them.
   */
  private kill(waitForPidsMs = 0): Promise<void> {
    this.killing ??= this.killSequence(waitForPidsMs);
    return this.killing;
  }

  private async killSequence(waitForPidsMs: number): Promise<void> {
    let pids = this.pids();
    if (!pids.length && !this.becomeError && waitForPidsMs > 0) pids = await this.pidsWithin(waitForPidsMs);
    if (!pids.length || this.becomeError) {
      this.channel.destroy(); // nothing of the user's has started yet
      return;
    }
    for (const [signal, grace] of [
      ['TERM', TERM_GRACE_MS],
      ['KILL', KILL_GRACE_MS],
    ] as const) {
      await this.runKill(killCommand(pids, signal), grace);
      if (await settlesWithin(this.channel.closed, grace)) return;
    }
    this.channel.destroy();
  }

  /** The pids once a marker with them arrives, the channel closes, or `ms` passes. */
  private pidsWithin(ms: number): Promise<number[]> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve(this.pids());
      };
      const timer = setTimeout(done, ms);
      this.pidWaiters.push(done);
      this.channel.closed.then(done, done);
    });
  }

  private async runKill(line: string, limitMs: number): Promise<void> {
    const { become } = this.options;
    // Bounded by an abort, not a timeout: a timed-out kill would try to kill itself in turn.
    const options: ExecOptions = { maxOutputBytes: 4096, signal: AbortSignal.timeout(limitMs), ...(become ? { become } : {}) };
    try {
      await runExec(this.transport, line, options, true);
    } catch {
      // The connection is gone or the host hangs: `timeout` on the host is the remaining guard.
    }
  }

  /**
   * No marker at all (the start marker, nor under become the one the login shell prints before
   * sudo/su), and a normal exit: the login shell never ran our line. A timeout, an abort or a
   * signal explains a missing marker otherwise.
   */
  private shellDidNotRun(exit: ChannelExit): boolean {
    if (this.timedOut || this.aborted || exit.code === null || exit.signal || this.errFilter.started) return false;
    return !this.errFilter.preamble().includes(this.markers.outer);
  }

  /** The start marker's pid, and under become the login shell's pid (its session group). */
  private pids(): number[] {
    const pids: number[] = [];
    const inner = Number.parseInt(this.errFilter.markerArgs, 10);
    if (this.errFilter.started && inner > 1) pids.push(inner);
    const outer = new RegExp(`${this.markers.outer} (\\d+)`).exec(this.errFilter.preamble());
    if (outer?.[1]) pids.push(Number(outer[1]));
    return pids;
  }

  private result(exit: ChannelExit): ExecResult {
    if (this.shellDidNotRun(exit))
      throw new ShellDidNotRunError(exit.code!, `${this.outFilter.preamble()}\n${this.errFilter.preamble()}`.trim().slice(0, 500));
    const durationMs = Math.round((performance.now() - this.started) * 10) / 10;
    const truncated = this.out.truncated || this.err.truncated;
    if (!this.becomeError && this.negotiation && !this.errFilter.started && !this.timedOut) {
      this.becomeError = this.negotiation.failure(this.errFilter.preamble());
    }
    if (this.becomeError) {
      return {
        rc: null,
        stdout: '',
        ...(this.options.rawStdout ? { stdoutBytes: Buffer.alloc(0) } : {}),
        stderr: this.becomeError.detail,
        timedOut: false,
        truncated: false,
        durationMs,
        becomeError: this.becomeError,
      };
    }
    // Raw: the bytes as they came (the marker filter and the cap work on bytes), decoded never.
    const stdout = this.options.rawStdout ? { stdout: '', stdoutBytes: this.out.bytes() } : { stdout: this.out.text() };
    const base = { ...stdout, stderr: this.err.text(), truncated, durationMs };
    if (this.timedOut) {
      const signal = exit.signal ?? (exit.code === 137 ? 'SIGKILL' : 'SIGTERM');
      return { rc: null, signal, timedOut: true, ...base };
    }
    return { rc: exit.code, ...(exit.signal ? { signal: exit.signal } : {}), timedOut: false, ...base };
  }
}

function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    p.then(
      () => {
        clearTimeout(t);
        resolve(true);
      },
      () => {
        clearTimeout(t);
        resolve(true);
      },
    );
  });
}
