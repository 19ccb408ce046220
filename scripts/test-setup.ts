/**
 * `npm test`'s first step (also `npm run test:setup`): makes sure this machine has what the tests
 * need before any test runs. As root on Debian it installs what is missing (`apt-get update`
 * once, then one `apt-get install`); otherwise it stops with the missing packages and the
 * command that installs them. The decisions live in `test-setup/plan.ts`.
 *
 *   tsx scripts/test-setup.ts             check, install what is missing, exit 0 when ready
 *   tsx scripts/test-setup.ts --dry-run   say what is missing and what would run; change nothing
 *                                         (exit 0 when ready, 1 when something is missing)
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { systemKubectl } from '../src/simulator/runtime/shims.js';
import { installCommand, type Plan, planInstall, planSetup, REQUIREMENTS, type RequirementId } from './test-setup/plan.js';

const dryRun = process.argv.includes('--dry-run') || process.argv.includes('--check');
const log = (line: string): void => console.log(`test setup: ${line}`);

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function hasKubectl(): boolean {
  try {
    systemKubectl();
    return true;
  } catch {
    return false;
  }
}

const PRESENT: Record<RequirementId, () => boolean> = {
  sshd: () => existsSync('/usr/sbin/sshd'),
  ssh: () => ['ssh', 'ssh-keygen', 'ssh-agent', 'ssh-add'].every(onPath),
  sudo: () => existsSync('/usr/bin/sudo') && existsSync('/usr/sbin/visudo'),
  pgrep: () => onPath('pgrep') && onPath('ps'),
  ss: () => onPath('ss'),
  openssl: () => onPath('openssl'),
  caBundle: () => existsSync('/etc/ssl/certs/ca-certificates.crt'),
  time: () => existsSync('/usr/bin/time'),
  kubectl: hasKubectl,
  chromium: () => existsSync('/usr/bin/chromium'),
  promtool: () => onPath('promtool'),
  buildah: () => onPath('buildah'),
  mmdebstrap: () => onPath('mmdebstrap'),
  python3: () => onPath('python3'),
  systemdAnalyze: () => onPath('systemd-analyze'),
};

function missingNow(): RequirementId[] {
  return (Object.keys(PRESENT) as RequirementId[]).filter((id) => !PRESENT[id]());
}

function apt(args: string[]): boolean {
  log(`apt-get ${args.join(' ')}`);
  // Another apt run on the machine (a colleague's install) holds the dpkg lock: wait for it.
  const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0;
}

function candidate(pkg: string): string | undefined {
  const r = spawnSync('apt-cache', ['policy', pkg], { encoding: 'utf8' });
  const version = /Candidate:\s*(\S+)/.exec(r.stdout ?? '')?.[1];
  return r.status === 0 && version !== '(none)' ? version : undefined;
}

function stop(plan: Extract<Plan, { action: 'stop' }>): never {
  for (const reason of plan.reasons) log(reason);
  log('the tests cannot run; nothing was installed');
  process.exit(1);
}

const facts = { root: process.getuid?.() === 0, aptGet: onPath('apt-get'), missing: missingNow() };
const plan = planSetup(facts);
if (plan.action === 'ready') {
  log('everything the tests need is here');
  process.exit(0);
}
if (dryRun) {
  if (plan.action === 'stop') for (const reason of plan.reasons) log(reason);
  else {
    for (const id of facts.missing) log(`missing: ${REQUIREMENTS[id].what} (Debian package ${REQUIREMENTS[id].pkg})`);
    log(`would run: ${installCommand(plan.packages)}`);
  }
  process.exit(1);
}
if (plan.action === 'stop') stop(plan);

log(`missing: ${facts.missing.join(', ')}; installing ${plan.packages.join(' ')}`);
if (!apt(['update', '-qq'])) stop({ action: 'stop', reasons: [`apt-get update failed; run as root: ${installCommand(plan.packages)}`] });
const install = planInstall(plan.packages, candidate);
if (install.action === 'stop') stop(install);
if (install.action === 'install' && !apt(['install', '-y', '-qq', '--no-install-recommends', ...install.packages])) {
  stop({ action: 'stop', reasons: [`apt-get install failed; run as root: ${installCommand(install.packages)}`] });
}
const still = missingNow();
if (still.length > 0) stop({ action: 'stop', reasons: still.map((id) => `still missing after the install: ${REQUIREMENTS[id].what}`) });
log('installed; everything the tests need is here');
