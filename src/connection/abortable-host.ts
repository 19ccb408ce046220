/**
 * A `Host` that refuses every operation once a signal is aborted. The exec layer already kills
 * a command that is running at the abort, but a step makes several calls (read, write, exec …):
 * without this, the calls after the abort would still reach the host. With it, nothing is sent
 * to the host after the grace period of an interrupt (or after a task's timeout).
 */
import type { Duplex } from 'node:stream';
import type { ExecOptions, ExecResult, Host, ReadFileOptions, ReadFilesEntry, WriteFileOptions } from './host.js';

/** `host`, with every call failing at once (with the signal's reason) after `signal` is aborted. */
export function abortableHost(host: Host, signal: AbortSignal): Host {
  return new AbortableHost(host, signal);
}

class AbortableHost implements Host {
  constructor(
    private readonly inner: Host,
    private readonly signal: AbortSignal,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.signal.throwIfAborted();
    // A step that forgets to pass its signal still has its command killed at the abort.
    const own = options.signal;
    if (own === undefined || own === this.signal) return this.inner.exec(command, { ...options, signal: this.signal });
    return this.inner.exec(command, { ...options, signal: AbortSignal.any([own, this.signal]) });
  }

  async readFile(path: string, options: ReadFileOptions): Promise<Buffer> {
    this.signal.throwIfAborted();
    return this.inner.readFile(path, options);
  }

  async readFiles(paths: readonly string[], options: ReadFileOptions): Promise<ReadFilesEntry[]> {
    this.signal.throwIfAborted();
    return this.inner.readFiles(paths, options);
  }

  async writeFile(path: string, data: string | Buffer, options?: WriteFileOptions): Promise<void> {
    this.signal.throwIfAborted();
    return this.inner.writeFile(path, data, options);
  }

  async forwardTcp(host: string, port: number): Promise<Duplex> {
    this.signal.throwIfAborted();
    return this.inner.forwardTcp(host, port);
  }

  /** Closing is the connection pool's business, never a step's: passed through. */
  close(): Promise<void> {
    return this.inner.close();
  }
}
