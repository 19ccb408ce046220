/**
 * One connection per host for the whole run, opened on first use and shared by every task
 * (and by tasks delegated to that host). Settings come from the host's rendered variables,
 * then the command line, then `~/.ssh/config`, as Ansible users expect.
 */

import type { Host } from '../connection/host.js';
import { openHost as realOpenHost } from '../connection/open-host.js';
import type { HostConnectionSettings } from '../connection/settings.js';
import { resolveSshSettings } from '../connection/ssh-config.js';
import { type ConnectionSettings, connectionSettings } from '../inventory/connection-vars.js';
import type { RunOptions } from './run-options.js';
import { parseSshArgs } from './ssh-args.js';

/** A host's connection settings plus what `become` defaults to for it. */
export interface ResolvedConnection {
  settings: HostConnectionSettings;
  inventory: ConnectionSettings;
}

/**
 * Turns a host's (rendered) variables into settings for `openHost`. The login user, in
 * ansible-core's order: `ansible_user` (a variable beats a keyword) → the `remote_user`
 * keyword of the task, block or play → `-u` → `User` in the ssh options → `~/.ssh/config`.
 */
export function resolveConnection(
  name: string,
  vars: Readonly<Record<string, unknown>>,
  options: RunOptions,
  implicitLocal: boolean,
  remoteUser?: string,
): ResolvedConnection {
  const inv = connectionSettings(vars, { hostName: name });
  // Inventory variables beat --ssh-common-args, which beats nothing else (ssh config comes after).
  const args = parseSshArgs(options.sshCommonArgs, inv.sshCommonArgs, inv.sshExtraArgs);
  // --host-key-checking, then the host's variables, then ssh options, then the environment.
  const hostKeyChecking = options.hostKeyChecking ?? inv.hostKeyChecking ?? args.hostKeyChecking ?? options.defaultHostKeyChecking;
  const connection = implicitLocal && vars.ansible_connection === undefined ? 'local' : inv.connection;
  const partial: Partial<HostConnectionSettings> = {
    name,
    connection,
    // No `host`: `inv.host` (ansible_host, else the name) is the alias ssh config is looked up
    // with, and its `HostName` (when it has one) is the address, as when Ansible calls ssh.
    ...((inv.port ?? args.port) ? { port: inv.port ?? args.port } : {}),
    ...((inv.user ?? remoteUser ?? options.remoteUser ?? args.user)
      ? { user: inv.user ?? remoteUser ?? options.remoteUser ?? args.user }
      : {}),
    ...((inv.privateKeyFile ?? options.privateKeyFile ?? args.privateKeyFile)
      ? { privateKeyFile: inv.privateKeyFile ?? options.privateKeyFile ?? args.privateKeyFile }
      : {}),
    ...(args.knownHostsFiles ? { knownHostsFiles: args.knownHostsFiles } : {}),
    ...((inv.password ?? options.connectionPassword) ? { password: inv.password ?? options.connectionPassword } : {}),
    ...(options.keyPassphrase !== undefined ? { passphrase: options.keyPassphrase } : {}),
    agentSocket: options.agentSocket ?? false,
    ...(hostKeyChecking ? { hostKeyChecking } : {}),
    ...((options.connectTimeoutSeconds ?? inv.timeoutSeconds)
      ? { connectTimeoutMs: 1000 * (options.connectTimeoutSeconds ?? inv.timeoutSeconds)! }
      : {}),
  };
  if (args.proxyJump) partial.proxyJump = args.proxyJump;
  // A local connection needs no ssh config (and must not fail on one that cannot be read).
  const file = connection === 'local' ? false : options.sshConfigFile;
  const source = { ...(file === undefined ? {} : { file }), ...(options.home ? { home: options.home } : {}) };
  return { settings: resolveSshSettings(inv.host, partial, source), inventory: inv };
}

/** The run's open connections, by host name. */
export class ConnectionPool {
  private readonly open = new Map<string, Promise<Host>>();

  constructor(private readonly opener: RunOptions['openHost'] = realOpenHost) {}

  /** The connection to `name`, opening it with `settings` the first time. */
  get(name: string, settings: () => HostConnectionSettings): Promise<Host> {
    let host = this.open.get(name);
    if (!host) {
      host = this.opener!(settings());
      // A failed connection is not cached: a later task (or a retry) may try again.
      host.catch(() => this.open.delete(name));
      this.open.set(name, host);
    }
    return host;
  }

  /** Drops a connection that broke, so the next use reconnects. */
  forget(name: string): void {
    const host = this.open.get(name);
    this.open.delete(name);
    host?.then((h) => h.close()).catch(() => undefined);
  }

  /** Closes every connection. */
  async closeAll(): Promise<void> {
    const hosts = [...this.open.values()];
    this.open.clear();
    await Promise.all(hosts.map((h) => h.then((x) => x.close()).catch(() => undefined)));
  }
}
