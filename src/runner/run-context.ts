/**
 * The state shared by every part of one run: options, inventory, connections, counters, the
 * event sink and the per-host state that outlives a play.
 */
import type { HostUnreachableError } from '../connection/errors.js';
import type { Host } from '../connection/host.js';
import { LocalHost } from '../connection/local.js';
import type { HostConnectionSettings } from '../connection/settings.js';
import { redactValue } from '../events/redact.js';
import type { RunEvent } from '../events/run-events.js';
import type { Inventory } from '../inventory/inventory.js';
import type { Playbook } from '../playbook/model.js';
import type { Scope } from '../template/scope.js';
import { connectionVarsOf } from './connection-vars-of.js';
import { ConnectionPool, resolveConnection } from './connections.js';
import { HostState } from './host-state.js';
import { InterruptCleanup } from './interrupt-cleanup.js';
import { type PooledConnection, pooledConnection } from './pooled-connection.js';
import type { RunOptions } from './run-options.js';
import { StatsBook } from './stats-book.js';

/** Everything a run carries from start to finish. */
export class RunContext {
  readonly pool: ConnectionPool;
  readonly stats = new StatsBook();
  readonly controller = new LocalHost();
  readonly hosts = new Map<string, HostState>();
  readonly records: Record<string, Record<string, unknown>[]> = {};
  /** Values that must never be shown: become and connection passwords, found as the run goes. */
  readonly secrets: Set<string>;
  readonly startedAt: Date;
  /** `partition_by` partitions that stopped (any_errors_fatal, max_fail_percentage), with why. */
  readonly abortedPartitions = new Map<string, string>();
  /** Hosts of a stopped partition: out of the rest of the run. */
  readonly outOfRun = new Set<string>();
  /** What happens between an interrupt and the exit: the `always:` sections in progress. */
  readonly cleanup: InterruptCleanup;
  /**
   * `--start-at-task`: tasks are skipped until one with this name is reached, then the run goes
   * on from there, later plays included (as ansible-playbook does).
   */
  startAt: string | undefined;
  private nextTaskId = 0;
  private readonly warnedKeyless = new Set<string>();

  constructor(
    readonly playbook: Playbook,
    readonly inventory: Inventory,
    readonly options: RunOptions,
  ) {
    this.pool = new ConnectionPool(options.openHost);
    this.secrets = options.secrets ?? new Set<string>();
    this.startedAt = this.now();
    this.startAt = options.startAtTask;
    this.cleanup = new InterruptCleanup(this, {
      ...(options.signal ? { stopSignal: options.signal } : {}),
      ...(options.killSignal ? { killSignal: options.killSignal } : {}),
      ...(options.skipCleanupSignal ? { skipSignal: options.skipCleanupSignal } : {}),
      ...(options.cleanupTimeoutMs !== undefined ? { timeoutMs: options.cleanupTimeoutMs } : {}),
      ...(options.onCleanupStart ? { onStart: options.onCleanupStart } : {}),
    });
    for (const secret of [options.becomePassword, options.connectionPassword, options.keyPassphrase]) if (secret) this.secrets.add(secret);
  }

  /**
   * Opens (or reuses) the connection to `name`, its settings read from `scope` (the host's own
   * variables). Passwords join the secrets; a host whose key is not checked is warned about.
   */
  connect(name: string, scope: Scope, implicitLocal: boolean, remoteUser?: string): Promise<Host> {
    return this.pool.get(connectionKey(name, remoteUser), this.settingsFor(name, scope, implicitLocal, remoteUser));
  }

  /**
   * The pooled connection to `name` as a step that drops and re-establishes it sees it
   * (pooled-connection.ts): nothing is opened until the step uses it.
   */
  pooledConnection(name: string, scope: Scope, implicitLocal: boolean, remoteUser?: string): PooledConnection {
    return pooledConnection(this.pool, connectionKey(name, remoteUser), name, this.settingsFor(name, scope, implicitLocal, remoteUser));
  }

  private settingsFor(name: string, scope: Scope, implicitLocal: boolean, remoteUser: string | undefined): () => HostConnectionSettings {
    return () => {
      const { settings } = resolveConnection(name, connectionVarsOf(scope), this.options, implicitLocal, remoteUser);
      if (settings.password) this.secrets.add(settings.password);
      if (settings.connection === 'ssh' && settings.hostKeyChecking === 'off' && !this.warnedKeyless.has(name)) {
        this.warnedKeyless.add(name);
        this.emit({
          kind: 'warning',
          host: name,
          message: 'host key checking is off for this host: certbook cannot tell it from an impostor',
        });
      }
      return settings;
    };
  }

  /** A lost connection as a result: the broken connection is dropped so a later task reconnects. */
  unreachable(name: string, error: HostUnreachableError, remoteUser?: string): { status: 'unreachable'; result: Record<string, unknown> } {
    this.pool.forget(connectionKey(name, remoteUser));
    // The error's message already ends with its hint.
    return { status: 'unreachable', result: { changed: false, unreachable: true, msg: error.message } };
  }

  now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  /**
   * The run-long state of a host, created on first use. The recap lists a host once a result
   * of it is counted, not from here: as in Ansible, hosts of batches that never ran (after a
   * `max_fail_percentage` abort, say) are not in it.
   */
  host(name: string): HostState {
    let state = this.hosts.get(name);
    if (!state) {
      state = new HostState(name);
      this.hosts.set(name, state);
    }
    return state;
  }

  /** A fresh id for a task (unique within the run). */
  taskId(): string {
    return `t${++this.nextTaskId}`;
  }

  get interrupted(): boolean {
    return this.options.signal?.aborted ?? false;
  }

  /** Sends an event to every listener, secrets removed. A listener that throws is not our problem to crash on. */
  emit(event: RunEvent): void {
    const safe = this.secrets.size ? redactValue(event, this.secrets) : event;
    this.cleanup.observe(safe);
    for (const listener of this.options.listeners) {
      try {
        listener(safe);
      } catch {
        // Reporters must not be able to stop a maintenance run half-way.
      }
    }
  }
}

/**
 * The pool key of a connection: the host, and the `remote_user` keyword when a task sets one,
 * since one host reached as two users is two logins. (When `ansible_user` overrides the
 * keyword both keys reach the same user: an extra connection, never a wrong one.)
 */
export function connectionKey(name: string, remoteUser: string | undefined): string {
  return remoteUser === undefined ? name : `${name}\u0000${remoteUser}`;
}
