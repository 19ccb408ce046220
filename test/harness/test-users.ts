/**
 * The local accounts the sshd harness logs in as. Created once per machine, idempotently and
 * under a lock, because `node --test` runs test files in parallel processes and `useradd`
 * refuses to run while another holds /etc/passwd.lock.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** A plain user: `/bin/sh` (Debian bash would source ~/.bashrc on every exec), no sudo. */
export const TEST_USER = 'certbook-test';
/** A user whose sudo needs a password. */
export const SUDO_USER = 'certbook-sudo';
/** A user whose sudo needs a password and a TTY (`requiretty`). */
export const TTY_USER = 'certbook-tty';
/**
 * The operator of simulated k3s nodes: passwordless sudo that keeps the session's PATH
 * (`!secure_path`), so `become: true` finds the node's commands that sshd put first on PATH.
 */
export const OPS_USER = 'certbook-ops';
/** Users whose login shell cannot run commands: `/bin/false` and `nologin` (the connection is unusable). */
export const NO_SHELL_USERS = { false: 'certbook-false', nologin: 'certbook-nologin' } as const;
const NO_SHELLS: Array<[string, string]> = [
  [NO_SHELL_USERS.false, '/bin/false'],
  [NO_SHELL_USERS.nologin, '/usr/sbin/nologin'],
];
/** Password of the two sudo users (test-only accounts, fixed so re-runs agree). */
export const TEST_PASSWORD = 'cb-Test-pw 7;$x';

const SUDOERS_FILE = '/etc/sudoers.d/certbook-test';
const SUDOERS = [
  '# certbook test users v3 (written by test/harness/test-users.ts)',
  `Defaults:${SUDO_USER} timestamp_timeout=0, !lecture`,
  `Defaults:${TTY_USER} timestamp_timeout=0, !lecture, requiretty`,
  `${SUDO_USER} ALL=(ALL:ALL) ALL`,
  `${TTY_USER} ALL=(ALL:ALL) ALL`,
  `Defaults:${OPS_USER} !secure_path, !lecture`,
  `${OPS_USER} ALL=(ALL:ALL) NOPASSWD: ALL`,
  '',
].join('\n');

let done = false;

/** Creates the test users and their sudoers rules if missing. Needs root. */
export function ensureTestUsers(): void {
  if (done) return;
  if (process.getuid?.() !== 0) throw new Error('the sshd test harness must run as root');
  if (!existsSync('/usr/bin/sudo')) throw new Error('sudo is not installed (apt-get install sudo)');
  const script = [
    'set -e',
    ...[TEST_USER, SUDO_USER, TTY_USER, OPS_USER].map((u) => `id -u ${u} >/dev/null 2>&1 || useradd -m -s /bin/sh ${u}`),
    ...NO_SHELLS.map(([u, shell]) => `id -u ${u} >/dev/null 2>&1 || useradd -m -s ${shell} ${u}; usermod -p '*' ${u}`),
    // A fresh useradd leaves the account locked (`!`), and sshd without PAM refuses locked
    // accounts even for public keys; `*` means "no password" without locking.
    `usermod -p '*' ${TEST_USER}`,
    `usermod -p '*' ${OPS_USER}`,
    // chpasswd reads "user:password" lines; the password never goes through argv.
    `chpasswd`,
    `cat > ${SUDOERS_FILE}.tmp <<'EOF'\n${SUDOERS}EOF`,
    `chmod 0440 ${SUDOERS_FILE}.tmp`,
    `visudo -cqf ${SUDOERS_FILE}.tmp`,
    `mv -f ${SUDOERS_FILE}.tmp ${SUDOERS_FILE}`,
  ].join('\n');
  const needed = !usersReady();
  if (needed) {
    const input = `${SUDO_USER}:${TEST_PASSWORD}\n${TTY_USER}:${TEST_PASSWORD}\n`;
    const r = spawnSync('flock', ['/run/certbook-test-users.lock', 'sh', '-c', script], { input, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`creating test users failed: ${r.stderr}`);
  }
  done = true;
}

function usersReady(): boolean {
  if (!existsSync(SUDOERS_FILE)) return false;
  let current = '';
  try {
    current = readFileSync(SUDOERS_FILE, 'utf8');
  } catch {
    return false;
  }
  if (current !== SUDOERS) return false;
  return [TEST_USER, SUDO_USER, TTY_USER, OPS_USER, ...NO_SHELLS.map(([u]) => u)].every((u) => spawnSync('id', ['-u', u]).status === 0);
}
