/**
 * A step's handle on the pooled connection to its host (`StepConnection`): a `Host` that asks
 * the pool for the current connection on every call, so a step that drops the connection
 * (`reboot`, `wait_for_connection`, `meta: reset_connection`) goes on over the new one, and the
 * tasks after it share that new one too.
 */
import type { Duplex } from 'node:stream';
import type { ExecOptions, ExecResult, Host, ReadFileOptions, ReadFilesEntry, WriteFileOptions } from '../connection/host.js';
import type { HostConnectionSettings } from '../connection/settings.js';
import type { StepConnection } from '../steps/step-run.js';
import type { ConnectionPool } from './connections.js';

/** The lazy host and its connection handle, for one pool key. */
export interface PooledConnection {
  host: Host;
  connection: StepConnection;
}

/**
 * `name`'s connection in `pool` under `key`, opened with `settings()` when first used. Nothing
 * is opened until a call needs it.
 */
export function pooledConnection(
  pool: ConnectionPool,
  key: string,
  name: string,
  settings: () => HostConnectionSettings,
): PooledConnection {
  let resolved: HostConnectionSettings | undefined;
  const once = (): HostConnectionSettings => (resolved ??= settings());
  const current = (): Promise<Host> => pool.get(key, once);
  const connection: StepConnection = {
    get transport() {
      return once().connection;
    },
    reset: () => pool.reset(key),
    async reopen(options = {}) {
      await pool.reset(key);
      // The caller loops on failure itself (a reboot's checks, wait_for_connection's pings).
      const fresh = (): HostConnectionSettings => ({
        ...once(),
        connectRetries: 0,
        ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      });
      await pool.get(key, fresh);
    },
  };
  return { host: new LazyHost(name, current, () => pool.reset(key)), connection };
}

/** A `Host` whose every call goes to whatever connection the pool holds at that moment. */
class LazyHost implements Host {
  constructor(
    readonly name: string,
    private readonly current: () => Promise<Host>,
    private readonly drop: () => Promise<void>,
  ) {}

  async exec(command: string, options?: ExecOptions): Promise<ExecResult> {
    return (await this.current()).exec(command, options);
  }

  async readFile(path: string, options: ReadFileOptions): Promise<Buffer> {
    return (await this.current()).readFile(path, options);
  }

  async readFiles(paths: readonly string[], options: ReadFileOptions): Promise<ReadFilesEntry[]> {
    return (await this.current()).readFiles(paths, options);
  }

  async writeFile(path: string, data: string | Buffer, options?: WriteFileOptions): Promise<void> {
    return (await this.current()).writeFile(path, data, options);
  }

  async forwardTcp(host: string, port: number): Promise<Duplex> {
    return (await this.current()).forwardTcp(host, port);
  }

  /** Drops the pooled connection (the pool's to reopen), rather than closing it for everyone. */
  close(): Promise<void> {
    return this.drop();
  }
}

/**
 * A {@link PooledConnection} made only when a step first uses it: most steps never do, and
 * working out whom to connect to (a delegate's variables) is not for free.
 */
export function deferredPooledConnection(make: () => PooledConnection): PooledConnection {
  let made: PooledConnection | undefined;
  const pooled = (): PooledConnection => (made ??= make());
  return {
    get host() {
      return pooled().host;
    },
    connection: {
      get transport() {
        return pooled().connection.transport;
      },
      reset: () => pooled().connection.reset(),
      reopen: (options) => pooled().connection.reopen(options),
    },
  };
}
