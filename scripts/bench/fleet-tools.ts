/**
 * The three contenders on one fleet, each a child process measured from outside, all with the
 * same concurrency: OpenSSH's client (the floor: one connection and one command per host, `forks`
 * at a time through xargs), certbook, and ansible-playbook with pipelining.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_KEX, type FleetFiles, floorCommand } from './fleet-files.js';
import type { BenchFleet } from './fleet-layout.js';
import { countPemBlocks, type Measurement, measure } from './measure.js';

/** One tool's run on one fleet, checked. */
export interface ToolResult extends Measurement {
  tool: 'ssh floor' | 'certbook' | 'ansible-playbook';
  /** What the run was (the playbook, the command). */
  what: string;
  /** Empty when the output shows every host was done; else what went wrong. */
  problem?: string;
}

const root = join(import.meta.dirname, '..', '..');

/** OpenSSH's client: `xargs -P forks` runs `ssh HOST 'cat every certificate file'` per host. */
export async function runFloor(fleet: BenchFleet, files: FleetFiles, forks: number): Promise<ToolResult> {
  const lines = fleet.nodes.map((n) => `${n.name} "${floorCommand(n.dataDir).replace(/"/g, '\\"')}"`);
  const commands = join(fleet.root, 'floor-commands.txt');
  writeFileSync(commands, `${lines.join('\n')}\n`);
  const m = await measure({
    command: 'xargs',
    args: ['-a', commands, '-P', String(forks), '-L', '1', 'ssh', '-F', files.sshConfig],
    stdoutFile: join(fleet.root, 'out-floor.txt'),
  });
  const expected = fleet.nodes.reduce((sum, n) => sum + expectedPem(n.dataDir), 0);
  const got = countPemBlocks(m.stdoutFile);
  const problem =
    m.exitCode !== 0
      ? `exit ${m.exitCode}: ${m.stderr.trim().slice(-300)}`
      : got !== expected
        ? `printed ${got} of ${expected} certificates`
        : undefined;
  return { tool: 'ssh floor', what: 'ssh HOST cat <certificate files>', ...m, ...(problem ? { problem } : {}) };
}

/** PEM blocks in the files the floor's command prints, counted locally. */
function expectedPem(dataDir: string): number {
  const dirs = ['server/tls', 'server/tls/etcd', 'agent'].map((d) => join(dataDir, d)).filter((d) => existsSync(d));
  const files = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.crt'))
      .map((f) => join(d, f)),
  );
  const dynamic = join(dataDir, 'server/tls/dynamic-cert.json');
  if (existsSync(dynamic)) files.push(dynamic);
  return files.reduce((sum, f) => sum + (readFileSync(f, 'utf8').split('BEGIN CERTIFICATE').length - 1), 0);
}

/** `certbook run …` with the plain (CI) output, as a scheduler would run it. */
export async function runCertbook(fleet: BenchFleet, files: FleetFiles, forks: number, extraArgs: string[] = []): Promise<ToolResult> {
  const m = await measure({
    command: process.execPath,
    args: [join(root, 'bin', 'certbook.js'), 'run', 'check-expiry', '-i', files.inventory, '-f', String(forks), ...extraArgs],
    env: { CI: 'true' },
    cwd: fleet.root,
    stdoutFile: join(fleet.root, 'out-certbook.txt'),
  });
  return { tool: 'certbook', what: 'certbook run check-expiry', ...m, ...recapProblem(m, fleet) };
}

/** ansible-playbook with pipelining on, its own ControlPersist defaults, the same forks. */
export async function runAnsible(fleet: BenchFleet, files: FleetFiles, forks: number): Promise<ToolResult> {
  // Its own (empty) config, so a config on the machine cannot change what is measured.
  const config = join(fleet.root, 'ansible.cfg');
  writeFileSync(config, '[defaults]\n');
  const m = await measure({
    command: 'ansible-playbook',
    args: ['-i', files.inventory, files.ansiblePlaybook, '-f', String(forks)],
    env: {
      ANSIBLE_PIPELINING: 'True',
      ANSIBLE_SSH_EXTRA_ARGS: `-o KexAlgorithms=${BENCH_KEX}`,
      ANSIBLE_HOST_KEY_CHECKING: 'True',
      ANSIBLE_RETRY_FILES_ENABLED: 'False',
      ANSIBLE_NOCOWS: '1',
      ANSIBLE_SSH_CONTROL_PATH_DIR: join(fleet.root, 'cp'),
      ANSIBLE_LOCAL_TEMP: join(fleet.root, 'ansible-tmp'),
      ANSIBLE_CONFIG: config,
    },
    cwd: fleet.root,
    stdoutFile: join(fleet.root, 'out-ansible.txt'),
  });
  closeControlMasters(join(fleet.root, 'cp'));
  return { tool: 'ansible-playbook', what: 'find + shell openssl x509 -enddate, pipelining', ...m, ...recapProblem(m, fleet) };
}

/** Ends the ControlPersist masters ansible left behind (they would hold sshd sessions for 60 s). */
function closeControlMasters(dir: string): void {
  if (!existsSync(dir)) return;
  for (const socket of readdirSync(dir)) {
    spawnSync('ssh', ['-o', `ControlPath=${join(dir, socket)}`, '-O', 'exit', 'bench'], { stdio: 'ignore', timeout: 5000 });
  }
}

/** Checks the PLAY RECAP: every host listed, none failed or unreachable. */
function recapProblem(m: Measurement, fleet: BenchFleet): { problem?: string } {
  const out = readFileSync(m.stdoutFile, 'utf8');
  const recap = out.slice(out.lastIndexOf('PLAY RECAP'));
  const rows = recap.split('\n').filter((l) => / : ok=\d+/.test(l));
  const bad = rows.filter((l) => !/unreachable=0 +failed=0/.test(l));
  if (rows.length !== fleet.nodes.length)
    return { problem: `exit ${m.exitCode}: recap lists ${rows.length} of ${fleet.nodes.length} hosts; ${m.stderr.trim().slice(-300)}` };
  if (bad.length) return { problem: `exit ${m.exitCode}: ${bad.length} hosts failed or unreachable, e.g. ${bad[0]!.trim()}` };
  return {};
}
