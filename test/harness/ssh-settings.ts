/**
 * Connection settings pointing at a test server, isolated from the developer's ~/.ssh: the
 * key and known_hosts file are the server's own and the ssh-agent is off.
 */
import type { HostConnectionSettings } from '../../src/connection/settings.js';

/** What a test server exposes that settings need. */
export interface ServerInfo {
  host: string;
  port: number;
  user: string;
  keyFile: string;
  knownHostsFile: string;
}

/** Settings for logging into `server` as its test user, with strict host key checking. */
export function settingsFor(server: ServerInfo, overrides: Partial<HostConnectionSettings> = {}): HostConnectionSettings {
  return {
    name: `test-${server.port}`,
    connection: 'ssh',
    host: server.host,
    port: server.port,
    user: server.user,
    privateKeyFile: server.keyFile,
    agentSocket: false,
    hostKeyChecking: 'strict',
    knownHostsFiles: [server.knownHostsFile],
    // Generous: the tests share 2 cores with each other (and a machine with other suites), and
    // 30 handshakes at once took over 5 s there. Tests of the connect timeout set their own.
    connectTimeoutMs: 30_000,
    connectRetries: 0,
    ...overrides,
  };
}
