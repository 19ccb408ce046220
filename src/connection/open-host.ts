/**
 * The one entry point the runner uses: settings in, a connected `Host` out.
 */
import type { Host } from './host.js';
import { LocalHost } from './local.js';
import type { HostConnectionSettings } from './settings.js';
import { SshHost } from './ssh.js';

/**
 * Opens the host `settings` describes: the controller itself for `connection: 'local'`,
 * otherwise one SSH connection (through jump hosts if any) kept for the whole run.
 *
 * @throws HostUnreachableError when the host cannot be reached or logged into.
 */
export async function openHost(settings: HostConnectionSettings): Promise<Host> {
  if (settings.connection === 'local') return new LocalHost(settings.name);
  return SshHost.connect(settings);
}
