/**
 * `Host` on the controller itself (`ansible_connection: local`): child processes and the file
 * system, with the same command wrapping, become, timeouts and file semantics as SSH.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, type FileHandle, open, rename, stat, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { basename, dirname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { NOT_REGULAR_MESSAGE, RemoteFileError } from './errors.js';
import { type ChannelExit, type ExecChannel, type ExecTransport, runExec } from './exec-session.js';
import type { ExecOptions, ExecResult, Host, ReadFileOptions, ReadFilesEntry, RemoteFileCode, WriteFileOptions } from './host.js';
import { DEFAULT_FILE_MODE } from './sftp-session.js';
import { readFilesViaShell, readFileViaShell, writeFileViaShell } from './shell-files.js';

/** The controller as a host. Commands run as the user running certbook. */
export class LocalHost implements Host {
  private readonly transport: ExecTransport = { open: async (line) => spawnChannel(line) };

  constructor(readonly name: string = 'localhost') {}

  exec(command: string, options?: ExecOptions): Promise<ExecResult> {
    return runExec(this.transport, command, options);
  }

  async readFile(path: string, options: ReadFileOptions): Promise<Buffer> {
    if (options.become) return readFileViaShell(this.execFn, path, options);
    const entry = await readLocal(path, options.maxBytes);
    if (!entry.ok) throw new RemoteFileError(entry.code, path, entry.message);
    return entry.data;
  }

  async readFiles(paths: readonly string[], options: ReadFileOptions): Promise<ReadFilesEntry[]> {
    if (options.become) return readFilesViaShell(this.execFn, paths, options);
    return Promise.all(paths.map((p) => readLocal(p, options.maxBytes)));
  }

  async writeFile(path: string, data: string | Buffer, options: WriteFileOptions = {}): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (options.become) return writeFileViaShell(this.execFn, path, bytes, options);
    try {
      await writeLocalAtomic(path, bytes, options.mode);
    } catch (err) {
      throw toFileError(err, path);
    }
  }

  forwardTcp(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const sock = connect(port, host, () => {
        sock.off('error', reject);
        resolve(sock);
      });
      sock.once('error', reject);
    });
  }

  async close(): Promise<void> {}

  private readonly execFn = (command: string, options?: ExecOptions): Promise<ExecResult> => this.exec(command, options);
}

/** Starts `/bin/sh -c line` in its own session, like sshd does for a remote command. */
function spawnChannel(line: string): ExecChannel {
  // detached = setsid(): the shell leads its own process group, so a kill reaches its children.
  const child = spawn('/bin/sh', ['-c', line], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let settle!: (exit: ChannelExit) => void;
  const closed = new Promise<ChannelExit>((resolve) => {
    let done = false;
    settle = (v) => {
      if (!done) {
        done = true;
        resolve(v);
      }
    };
  });
  child.once('close', (code, signal) => settle({ code, ...(signal ? { signal } : {}) }));
  child.once('error', () => settle({ code: null }));
  child.stdin.on('error', () => {}); // EPIPE when the command does not read its stdin
  return {
    stdout: child.stdout,
    stderr: child.stderr,
    write: (data) => {
      if (child.stdin.writable) child.stdin.write(data);
    },
    end: () => {
      if (child.stdin.writable) child.stdin.end();
    },
    closed,
    destroy: () => {
      settle({ code: null });
      child.stdout.destroy();
      child.stderr.destroy();
      child.stdin.destroy();
      // As sshd does when a session closes: its process group gets SIGHUP. A command aborted
      // before it said it had started (an interrupt at that very moment) would otherwise run on
      // and keep certbook from exiting.
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGHUP');
        } catch {
          /* already gone */
        }
      }
      child.unref();
    },
  };
}

async function readLocal(path: string, maxBytes: number): Promise<ReadFilesEntry> {
  let fh: FileHandle | undefined;
  try {
    // Opening a FIFO waits for a writer: look first (as over SFTP), and read regular files only.
    const target = await stat(path);
    if (target.isDirectory()) return { path, ok: false, code: 'EISDIR', message: 'is a directory' };
    if (!target.isFile()) return { path, ok: false, code: 'EIO', message: NOT_REGULAR_MESSAGE };
    fh = await open(path, 'r');
    const st = await fh.stat();
    if (st.isDirectory()) return { path, ok: false, code: 'EISDIR', message: 'is a directory' };
    if (st.size > maxBytes) return tooLarge(path, maxBytes);
    // Reads stay bounded even when the size lies (/proc files report 0) or the file grows.
    const chunks: Buffer[] = [];
    for (let total = 0; ; ) {
      const buf = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await fh.read(buf, 0, buf.length, total);
      if (bytesRead === 0) return { path, ok: true, data: Buffer.concat(chunks, total) };
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return tooLarge(path, maxBytes);
    }
  } catch (err) {
    const e = toFileError(err, path);
    return { path, ok: false, code: e.code, message: e.detail };
  } finally {
    await fh?.close();
  }
}

function tooLarge(path: string, maxBytes: number): ReadFilesEntry {
  return { path, ok: false, code: 'TOO_LARGE', message: `file is more than the limit of ${maxBytes} bytes` };
}

async function writeLocalAtomic(path: string, data: Buffer, mode: number | undefined): Promise<void> {
  const existing = await stat(path).then(
    (s) => s.mode & 0o7777,
    () => undefined,
  );
  const finalMode = mode ?? existing ?? DEFAULT_FILE_MODE;
  const tmp = join(dirname(path), `.${basename(path)}.certbook-${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
    await fh.close();
    await chmod(tmp, finalMode);
    await rename(tmp, path);
  } catch (err) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

function toFileError(err: unknown, path: string): RemoteFileError {
  if (err instanceof RemoteFileError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const map: Record<string, [RemoteFileCode, string]> = {
    ENOENT: ['ENOENT', 'no such file or directory'],
    ENOTDIR: ['ENOENT', 'no such file or directory'],
    EACCES: ['EACCES', 'permission denied'],
    EPERM: ['EACCES', 'permission denied'],
    EROFS: ['EACCES', 'read-only file system'],
    EISDIR: ['EISDIR', 'is a directory'],
  };
  const [c, msg] = map[code] ?? ['EIO', (err as Error).message];
  return new RemoteFileError(c, path, msg);
}
