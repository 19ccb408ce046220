/**
 * The keyword-coverage cases: playbooks under `test/fixtures/keywords/`, each run by
 * ansible-playbook 2.14 once (its reduced outcome committed as `<case>.expected.json` by
 * `test/fixtures/keywords/regenerate.ts`) and by certbook in every test run, through the real
 * runner and a real connection (local, or the test sshd for `remote_user`).
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProblemList } from '../../src/errors/problem.js';
import type { RunEvent } from '../../src/events/run-events.js';
import { selectHosts } from '../../src/inventory/host-patterns.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { runPlaybook } from '../../src/runner/run-playbook.js';
import { outcomeFromEvents, type RunOutcome } from './run-outcome.js';
import type { TestSshd } from './sshd.js';
import { tempDir } from './temp-dir.js';

/** Where the case playbooks and their expectations live. */
export const CASES_DIR = join(import.meta.dirname, '..', 'fixtures', 'keywords');

/** One case: a playbook, the inventory it runs on, and the command-line options of both runs. */
export interface KeywordCase {
  /** `local` and `unreachable` are files in CASES_DIR; `sshd` is written for the running test sshd. */
  inventory: 'local' | 'unreachable' | 'sshd';
  /** `--tags`. */
  tags?: string[];
  /** `-e` (besides `scratch`, a fresh directory every run gets). */
  extraVars?: Record<string, string>;
  /** `-u`. */
  remoteUser?: string;
}

/** Every case, by playbook name (without `.yaml`). */
export const CASES: Record<string, KeywordCase> = {
  environment: { inventory: 'local' },
  loops: { inventory: 'local' },
  conditions: { inventory: 'local' },
  handlers: { inventory: 'local' },
  flags: { inventory: 'local' },
  tags: { inventory: 'local', tags: ['picked'], extraVars: { from_cli: 'picked' } },
  play: { inventory: 'local' },
  'max-fail': { inventory: 'local' },
  unreachable: { inventory: 'unreachable' },
  'merge-keys': { inventory: 'local' },
  includes: { inventory: 'local' },
  'include-loops': { inventory: 'local' },
  facts: { inventory: 'local' },
  'remote-user': { inventory: 'sshd', remoteUser: 'certbook-tty' },
};

/** The inventory for a case: a committed file, or one naming the test sshd on 127.0.0.1 and 127.0.0.2. */
export function caseInventory(c: KeywordCase, sshd?: TestSshd): string {
  if (c.inventory !== 'sshd') return join(CASES_DIR, `inv-${c.inventory}.yaml`);
  if (!sshd) throw new Error('this case needs the test sshd');
  const dir = tempDir('certbook-kw-inv-');
  const file = join(dir, 'inventory.yaml');
  writeFileSync(
    file,
    [
      'all:',
      '  vars:',
      `    ansible_port: ${sshd.port}`,
      `    ansible_ssh_private_key_file: ${sshd.keyFile}`,
      '    ansible_python_interpreter: /usr/bin/python3',
      '  hosts:',
      '    h1: {ansible_host: 127.0.0.1}',
      `    h2: {ansible_host: ${sshd.extraHosts[0]}, ansible_user: ${sshd.opsUser}}`,
      '',
    ].join('\n'),
  );
  return file;
}

/** A fresh scratch directory every login user may write to (the `scratch` extra var). */
export function scratchDir(): string {
  const dir = tempDir('certbook-kw-scratch-');
  chmodSync(dir, 0o777);
  return dir;
}

/** How one case file is loaded and run: what the keyword cases and the role cases (role-cases.ts) share. */
export interface CaseRun {
  tags?: string[];
  extraVars?: Record<string, string>;
  remoteUser?: string;
  sshConfigFile?: string;
  rolesPath?: string[];
}

/**
 * Loads `playbookFile` against `inventoryFile` and runs it as every case runs (forks 5, no check
 * or diff, a fresh `scratch` directory), reduced to its outcome; a case that does not load throws.
 */
export async function runCaseFile(playbookFile: string, inventoryFile: string, run: CaseRun = {}): Promise<RunOutcome> {
  const problems = new ProblemList();
  const inventory = loadInventory([inventoryFile], problems);
  const playbook = loadPlaybook(playbookFile, problems, { rolesPath: run.rolesPath ?? [] });
  if (!problems.ok || !playbook)
    throw new Error(
      `${playbookFile} does not load: ${JSON.stringify(problems.items.map((p) => `${p.pos?.file}:${p.pos?.line}:${p.pos?.col} ${p.message}`))}`,
    );
  const hosts = playbook.plays.map((p) => selectHosts(inventory, p.hosts, problems));
  const events: RunEvent[] = [];
  const summary = await runPlaybook(playbook, inventory, hosts, {
    tags: { only: run.tags ?? ['all'], skip: [] },
    check: false,
    diff: false,
    forks: 5,
    extraVars: { scratch: scratchDir(), ...run.extraVars },
    verbosity: 0,
    listeners: [(e) => events.push(e)],
    ...(run.remoteUser ? { remoteUser: run.remoteUser } : {}),
    ...(run.sshConfigFile ? { sshConfigFile: run.sshConfigFile } : {}),
  });
  return outcomeFromEvents(events, summary.stats);
}

/** Runs a keyword case with certbook and reduces what happened. */
export function runCertbookCase(name: string, inventoryFile: string, options: { sshConfigFile?: string } = {}): Promise<RunOutcome> {
  const c = CASES[name]!;
  return runCaseFile(join(CASES_DIR, `${name}.yaml`), inventoryFile, { ...c, ...options });
}
