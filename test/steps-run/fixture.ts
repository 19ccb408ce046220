/**
 * What every step-run test file needs: a real sshd, a Host logged in as the unprivileged test
 * user, one logged in as the sudo user (for become), and a scratch directory the test user owns.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BecomeOptions, Host } from '../../src/connection/host.js';
import { openHost } from '../../src/connection/open-host.js';
import type { StepDefinition } from '../../src/steps/step.js';
import type { StepResult } from '../../src/steps/step-run.js';
import { validateStepArgs } from '../../src/validate/validate-step-args.js';
import { settingsFor } from '../harness/ssh-settings.js';
import { type SshdOptions, startSshd, type TestSshd } from '../harness/sshd.js';
import { stepContext, type TestContextOptions } from '../harness/step-context.js';

/** A started sshd with hosts and a scratch directory. */
export interface StepFixture {
  sshd: TestSshd;
  /** Logged in as the plain test user. */
  host: Host;
  /** Logged in as the user whose sudo needs a password; pair it with {@link sudo}. */
  sudoHost: Host;
  /** Become root through {@link sudoHost}. */
  sudo: BecomeOptions;
  /** A directory owned by the test user (mode 0755). */
  dir: string;
  uid: number;
  gid: number;
  stop(): Promise<void>;
}

/** Numeric id of a local user (`id -u`) or its primary group (`id -g`). */
export function localId(user: string, flag: '-u' | '-g' = '-u'): number {
  return Number(spawnSync('id', [flag, user], { encoding: 'utf8' }).stdout.trim());
}

/** Gives `path` and everything below it to the test user (tests create files as root). */
export function giveToTestUser(fx: StepFixture, path: string): void {
  const r = spawnSync('chown', ['-R', '-h', `${fx.uid}:${fx.gid}`, '--', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`chown failed: ${r.stderr}`);
}

/** Starts the sshd and opens both hosts. */
export async function startStepFixture(options: SshdOptions = {}): Promise<StepFixture> {
  const sshd = await startSshd(options);
  const host = await openHost(settingsFor(sshd));
  const sudoHost = await openHost(settingsFor(sshd, { user: sshd.sudoUser }));
  const uid = localId(sshd.user);
  const gid = localId(sshd.user, '-g');
  const dir = mkdtempSync(join(tmpdir(), 'certbook-steps-'));
  chownSync(dir, uid, gid);
  return {
    sshd,
    host,
    sudoHost,
    uid,
    gid,
    dir,
    sudo: { method: 'sudo', user: 'root', password: sshd.password },
    async stop() {
      await host.close();
      await sudoHost.close();
      await sshd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `step` on `host` the way the runner does: the arguments must pass the step's schema
 * first (a test with invalid arguments is a broken test, not a step failure).
 */
export async function runStep(
  step: StepDefinition,
  host: Host,
  args: Record<string, unknown>,
  options: TestContextOptions = {},
): Promise<StepResult> {
  const issues = validateStepArgs(step, args, { allowTemplates: false });
  if (issues.length) throw new Error(`invalid arguments for ${step.name}: ${issues.map((i) => i.message).join('; ')}`);
  if (!step.run) throw new Error(`${step.name} has no run`);
  return step.run(args, stepContext(host, options));
}

/** Names no shell may interpret: spaces, quotes, `$()`, backticks, a newline, a leading dash. */
export const HOSTILE_NAMES = [
  'with space',
  "it's",
  'dq"uote',
  '$(touch PWNED)',
  '`touch PWNED`',
  'new\nline',
  '-dash',
  '*',
  'ünï',
] as const;
