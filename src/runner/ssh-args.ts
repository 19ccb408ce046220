/**
 * The OpenSSH options Ansible users put in `ansible_ssh_common_args`/`ansible_ssh_extra_args`
 * (or `--ssh-common-args`): `-o Key=Value`, `-J jump`, `-i key`, `-p port`. certbook has no ssh
 * binary to pass them to, so it reads the ones that mean something for its own connection.
 */
import type { HostKeyCheckingMode } from '../connection/host-key-check.js';

/** What the arguments set; anything else they hold is ignored. */
export interface SshArgSettings {
  proxyJump?: string;
  knownHostsFiles?: string[];
  hostKeyChecking?: HostKeyCheckingMode;
  privateKeyFile?: string;
  port?: number;
  user?: string;
}

/** Reads every argument string in order; later ones win, as with ssh's command line... */
export function parseSshArgs(...texts: Array<string | undefined>): SshArgSettings {
  const out: SshArgSettings = {};
  for (const text of texts) {
    if (!text) continue;
    const words = text.match(/"[^"]*"|'[^']*'|\S+/g)?.map((w) => w.replace(/^["']|["']$/g, '')) ?? [];
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      const next = () => words[++i] ?? '';
      if (word === '-J') out.proxyJump = next();
      else if (word === '-i') out.privateKeyFile = next();
      else if (word === '-p') out.port = Number(next());
      else if (word === '-l') out.user = next();
      else if (word === '-o' || word.startsWith('-o')) applyOption(out, word === '-o' ? next() : word.slice(2));
    }
  }
  return out;
}

function applyOption(out: SshArgSettings, option: string): void {
  const match = /^\s*(\w+)\s*[= ]\s*(.*)$/.exec(option);
  if (!match) return;
  const key = match[1]!.toLowerCase();
  const value = match[2]!.trim();
  if (key === 'proxyjump') out.proxyJump = value;
  else if (key === 'userknownhostsfile') out.knownHostsFiles = value.split(/\s+/);
  else if (key === 'identityfile') out.privateKeyFile = value;
  else if (key === 'port') out.port = Number(value);
  else if (key === 'user') out.user = value;
  else if (key === 'stricthostkeychecking') {
    const v = value.toLowerCase();
    out.hostKeyChecking = v === 'accept-new' ? 'accept-new' : ['no', 'off'].includes(v) ? 'off' : 'strict';
  }
}
