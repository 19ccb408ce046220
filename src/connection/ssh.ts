/**
 * `Host` over SSH: one persistent connection per host for the whole run, a cap on concurrent
 * exec channels with a retry when sshd still refuses one (`open failed`), SFTP for plain file
 * transfer and shell commands for everything that needs become.
 */
import type { Duplex } from 'node:stream';
import { HostUnreachableError, RemoteFileError } from './errors.js';
import { type ExecChannel, type ExecTransport, runExec, ShellDidNotRunError } from './exec-session.js';
import type { ExecOptions, ExecResult, Host, ReadFileOptions, ReadFilesEntry, WriteFileOptions } from './host.js';
import { Semaphore } from './semaphore.js';
import { CONNECTION_DEFAULTS, type HostConnectionSettings } from './settings.js';
import { readFilesViaShell, readFileViaShell, writeFileViaShell } from './shell-files.js';
import { connectChain, type SshChain } from './ssh-connect.js';

/** Retries of a refused channel open, with backoff from 5 ms, about 2.5 s in total. */
const OPEN_RETRIES = 9;

/** A host reached over SSH. Create with {@link SshHost.connect}. */
export class SshHost implements Host {
  private readonly slots: Semaphore;
  private closedByUs = false;
  private readonly transport: ExecTransport = {
    open: (line) => this.openChannel(line, true),
    openUrgent: (line) => this.openChannel(line, false),
  };

  private constructor(
    private readonly settings: HostConnectionSettings,
    private readonly chain: SshChain,
  ) {
    this.slots = new Semaphore(settings.maxChannels ?? CONNECTION_DEFAULTS.maxChannels);
  }

  /** Connects (through jump hosts if any); throws `HostUnreachableError`. */
  static async connect(settings: HostConnectionSettings): Promise<SshHost> {
    return new SshHost(settings, await connectChain(settings));
  }

  get name(): string {
    return this.settings.name;
  }

  async exec(command: string, options?: ExecOptions): Promise<ExecResult> {
    try {
      return await runExec(this.transport, command, options);
    } catch (error) {
      if (error instanceof ShellDidNotRunError) throw this.unusableShell(error);
      throw error;
    }
  }

  async readFile(path: string, options: ReadFileOptions): Promise<Buffer> {
    if (options.become) return readFileViaShell(this.execFn, path, options);
    const sftp = await this.sftpOrUndefined();
    if (!sftp) return readFileViaShell(this.execFn, path, options);
    return sftp.readFile(path, options.maxBytes);
  }

  readFiles(paths: readonly string[], options: ReadFileOptions): Promise<ReadFilesEntry[]> {
    return readFilesViaShell(this.execFn, paths, options);
  }

  async writeFile(path: string, data: string | Buffer, options: WriteFileOptions = {}): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (options.become) return writeFileViaShell(this.execFn, path, bytes, options);
    const sftp = await this.sftpOrUndefined();
    if (!sftp) return writeFileViaShell(this.execFn, path, bytes, options);
    return sftp.writeFileAtomic(path, bytes, options.mode);
  }

  async forwardTcp(host: string, port: number): Promise<Duplex> {
    this.assertAlive();
    try {
      return await this.chain.target.forwardOut(host, port);
    } catch (err) {
      this.assertAlive();
      const msg = (err as Error).message.replace(/^\(SSH\) Channel open failure: /, '');
      throw new Error(`${this.name}: cannot open a TCP connection to ${host}:${port} from the host: ${msg}`);
    }
  }

  async close(): Promise<void> {
    this.closedByUs = true;
    const links = [this.chain.target, ...[...this.chain.jumps].reverse()];
    await Promise.all(
      links.map(
        (l) =>
          new Promise<void>((resolve) => {
            l.onClose(resolve);
            l.end();
          }),
      ),
    );
  }

  private readonly execFn = (command: string, options?: ExecOptions): Promise<ExecResult> => this.exec(command, options);

  /** SFTP, or undefined when the server has no sftp subsystem (then shell commands do it). */
  private async sftpOrUndefined(): Promise<Awaited<ReturnType<SshHost['chain']['target']['sftp']>> | undefined> {
    this.assertAlive();
    try {
      return await this.chain.target.sftp();
    } catch (err) {
      this.assertAlive();
      if (err instanceof RemoteFileError) throw err;
      return undefined;
    }
  }

  private async openChannel(line: string, capped: boolean): Promise<ExecChannel> {
    const release = capped ? await this.slots.acquire() : () => {};
    try {
      const channel = await this.openWithRetry(line);
      channel.closed.then(release, release);
      return channel;
    } catch (err) {
      release();
      throw err;
    }
  }

  private async openWithRetry(line: string): Promise<ExecChannel> {
    for (let attempt = 0; ; attempt++) {
      this.assertAlive();
      try {
        return await this.chain.target.exec(line, () => this.lostError());
      } catch (err) {
        this.assertAlive();
        // sshd's MaxSessions is reached (it frees slots asynchronously after a close).
        if (!/open failed/i.test((err as Error).message) || attempt >= OPEN_RETRIES) {
          throw new HostUnreachableError(this.name, 'protocol', `cannot open an SSH channel: ${(err as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 5 * 2 ** Math.min(attempt, 8)));
      }
    }
  }

  private assertAlive(): void {
    if (!this.chain.target.isAlive) throw this.lostError();
  }

  /** Like Ansible (its temporary directory cannot be made), a login shell that runs nothing makes the host unreachable. */
  private unusableShell(error: ShellDidNotRunError): HostUnreachableError {
    const { user, host, port } = this.settings;
    return new HostUnreachableError(
      this.name,
      'shell',
      `logged in as ${user} at ${host}:${port}, but ${error.message}`,
      `${user}'s login shell is probably /bin/false or nologin: certbook needs a POSIX shell there (usermod -s /bin/sh ${user}), or another ansible_user`,
    );
  }

  private lostError(): HostUnreachableError {
    const reason = this.closedByUs ? 'connection already closed' : 'connection lost';
    return new HostUnreachableError(this.name, 'closed', reason);
  }
}
