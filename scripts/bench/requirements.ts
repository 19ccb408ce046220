/**
 * What the fleet benchmark needs on the machine, checked up front. Nothing is installed: a
 * missing piece is named with the Debian package that provides it, and the run stops (or, for
 * optional pieces, goes on without that column).
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { GNU_TIME } from './measure.js';

/** One thing the benchmark uses. */
interface Requirement {
  what: string;
  present: () => boolean;
  /** How to get it on Debian/Ubuntu. */
  install: string;
  /** Without it the benchmark still runs, with this column empty. */
  optional?: string;
}

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** The benchmark's requirements; `withAnsible` false drops ansible-playbook. */
function requirements(withAnsible: boolean): Requirement[] {
  const list: Requirement[] = [
    {
      what: 'root (the benchmark starts its own sshd and creates the test users, like the tests)',
      present: () => process.getuid?.() === 0,
      install: 'run as root (e.g. in the CI container)',
    },
    { what: 'OpenSSH server /usr/sbin/sshd', present: () => existsSync('/usr/sbin/sshd'), install: 'apt-get install openssh-server' },
    { what: 'OpenSSH client ssh', present: () => onPath('ssh') && onPath('ssh-keygen'), install: 'apt-get install openssh-client' },
    { what: 'xargs', present: () => onPath('xargs'), install: 'apt-get install findutils' },
    { what: 'sudo (the test users are created with it in mind)', present: () => onPath('sudo'), install: 'apt-get install sudo' },
    {
      what: 'GNU time /usr/bin/time (CPU time and peak RSS of each tool)',
      present: () => existsSync(GNU_TIME),
      install: 'apt-get install time',
      optional: 'CPU and RSS columns',
    },
  ];
  if (withAnsible) {
    list.push(
      {
        what: 'ansible-playbook (Debian ansible-core)',
        present: () => onPath('ansible-playbook'),
        install: 'apt-get install ansible-core (or run with --no-ansible)',
      },
      {
        what: 'openssl (the ansible playbook runs openssl x509 on the hosts)',
        present: () => onPath('openssl'),
        install: 'apt-get install openssl',
      },
      {
        what: 'python3 (ansible modules run with it on the hosts)',
        present: () => existsSync('/usr/bin/python3'),
        install: 'apt-get install python3',
      },
    );
  }
  return list;
}

/** Checks everything; prints what is missing; returns false when the benchmark cannot run. */
export function checkRequirements(withAnsible: boolean, log: (line: string) => void): { ok: boolean; hasGnuTime: boolean } {
  let ok = true;
  for (const r of requirements(withAnsible)) {
    if (r.present()) continue;
    if (r.optional) log(`note: missing ${r.what}: install with \`${r.install}\`; going on without the ${r.optional}`);
    else {
      ok = false;
      log(`missing: ${r.what}: ${r.install}`);
    }
  }
  return { ok, hasGnuTime: existsSync(GNU_TIME) };
}
