/**
 * `certbook run`: resolve the playbook, read extra vars, inventory and playbook, check every
 * host pattern, then list or syntax-check. Everything is loaded and checked before anything
 * else happens, so a broken file exits 4 whatever was asked; then the plays run (execute-run.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ProblemList } from '../../errors/problem.js';
import { didYouMean } from '../../errors/suggest.js';
import type { ShardRecord } from '../../events/shard-record.js';
import type { Inventory } from '../../inventory/inventory.js';
import { loadInventory } from '../../inventory/load-inventory.js';
import { checkUndefinedVariables } from '../../playbook/check-variables.js';
import { loadPlaybook } from '../../playbook/load-playbook.js';
import type { Playbook } from '../../playbook/model.js';
import { playDisplayName, selectedTasks, startsAtTask } from '../../playbook/outline.js';
import type { TagFilter } from '../../playbook/tags.js';
import { limitedHosts, type PlayHosts, playHosts } from '../../runner/play-hosts.js';
import { selectShard } from '../../shard/select-shard.js';
import { badOption } from '../args/cli-problem.js';
import { rolesPathOf } from '../args/roles-path-arg.js';
import type { RunCommandOptions } from '../args/run-options.js';
import { resolvePlaybook } from '../builtin-playbooks.js';
import { EXIT } from '../exit-codes.js';
import { type ExtraVars, resolveExtraVars } from '../extra-vars.js';
import { type CliIo, loaderPath } from '../io.js';
import { formatListing, type ListedPlay } from '../list-output.js';
import { printOptionProblems, printWarnings } from '../print-problems.js';
import { loadTeamSteps } from '../team-steps.js';
import { checkOutputPaths } from './output-files.js';

/** Everything `run` loaded, checked and ready. */
interface Loaded {
  playbook: Playbook;
  inventory?: Inventory;
  extraVars: ExtraVars;
  hosts: PlayHosts[];
  /** `--shard`: which shard, and the units it was given. */
  shard?: ShardRecord;
}

/** Runs `certbook run` with parsed options; returns the exit code. Load problems throw LoadFailed. */
export async function runCommand(options: RunCommandOptions, io: CliIo): Promise<number> {
  // An output path that can never be written would otherwise fail only after the whole run.
  const outputProblems = checkOutputPaths(options, io);
  if (outputProblems.length > 0) {
    printOptionProblems(io.stderr, outputProblems, 'run');
    return EXIT.BAD_OPTIONS;
  }
  const resolved = resolvePlaybook(options.playbook, { cwd: io.cwd });
  if (resolved.kind === 'unknown') {
    printOptionProblems(io.stderr, [resolved.problem], 'run');
    return EXIT.BAD_OPTIONS;
  }
  const path = resolved.kind === 'builtin' ? resolved.path : loaderPath(io, resolved.path);
  await loadTeamSteps([dirname(resolve(io.cwd, path))], options.stepsPath, io);
  const loaded = load(path, options, io);
  const filter: TagFilter = { only: options.tags.length > 0 ? options.tags : ['all'], skip: options.skipTags };
  if (options.startAtTask !== undefined && !checkStartAtTask(loaded.playbook, options.startAtTask, filter, io)) return EXIT.BAD_OPTIONS;
  if (options.syntaxCheck) {
    io.stdout.write(`\nplaybook: ${path}\n`);
    return EXIT.OK;
  }
  if (options.listHosts || options.listTasks || options.listTags) {
    const plays = loaded.playbook.plays.map(
      (play, i): ListedPlay => ({
        name: playDisplayName(play),
        pattern: loaded.hosts[i]?.pattern ?? play.hosts,
        tags: play.tags,
        hosts: loaded.hosts[i]?.hosts ?? [],
        tasks: selectedTasks(play, filter),
      }),
    );
    io.stdout.write(formatListing({ path, plays }, { hosts: options.listHosts, tasks: options.listTasks, tags: options.listTags }));
    return EXIT.OK;
  }
  const { shard } = loaded;
  if (shard && loaded.hosts.every((h) => h.hosts.length === 0)) {
    io.stderr.write(
      `certbook run: shard ${shard.index}/${shard.count} has no host: no unit of the run fell in it (${shard.split.hosts} hosts over ${shard.count} shards)\n`,
    );
  }
  // -i is required for a real run (the option parser refuses its absence), so the inventory is loaded.
  // Imported here: the runner, SSH and the reporters are not needed to load, check or list.
  const { executeRun } = await import('./execute-run.js');
  return executeRun(
    loaded.playbook,
    loaded.inventory!,
    loaded.hosts.map((h) => h.hosts),
    loaded.extraVars.vars,
    options,
    io,
    loaded.shard,
  );
}

function load(path: string, options: RunCommandOptions, io: CliIo): Loaded {
  const problems = new ProblemList();
  const extraVars = resolveExtraVars(options.extraVars, problems, { cwd: io.cwd, ...(io.env.HOME ? { home: io.env.HOME } : {}) });
  // A comma list of hosts stays as typed; any path (even one that cannot be read) is resolved from io.cwd.
  const sources = options.inventory.map((s) => (s.includes(',') && !existsSync(resolve(io.cwd, s)) ? s : loaderPath(io, s)));
  const inventory = sources.length > 0 ? loadInventory(sources, problems, { playbookDir: dirname(resolve(io.cwd, path)) }) : undefined;
  const playbook = loadPlaybook(path, problems, { rolesPath: rolesPathOf(options.rolesPath, io.env, io.cwd) });
  // Patterns need both files loaded cleanly; checking them against a broken inventory only adds noise.
  const hosts: PlayHosts[] = [];
  let shard: ShardRecord | undefined;
  if (problems.ok && playbook && inventory) {
    const allowed = limitedHosts(inventory, options.limit, problems, io.cwd);
    for (const play of playbook.plays) hosts.push(playHosts(play, inventory, allowed, extraVars.vars, problems));
    const targetsNobody = hosts.length > 0 && hosts.every((h) => h.hosts.length === 0);
    // The shard is a part of what would run (every play's hosts, after --limit).
    if (options.shard && problems.ok) {
      const selection = selectShard(inventory, new Set(hosts.flatMap((h) => h.hosts)), options.shard, extraVars.vars, problems);
      shard = { ...options.shard, units: selection.units, split: selection.split };
      for (const h of hosts) h.hosts = h.hosts.filter((host) => selection.hosts.has(host));
    }
    // Every play skipped (groups that are empty or absent) would check nothing and say "ok".
    // (A shard may be empty on purpose, when N is larger than the number of units.)
    if (problems.ok && targetsNobody) {
      problems.add({
        code: 'NO_HOSTS_MATCHED',
        message: 'no play of this playbook matches a host of the inventory',
        pos: playbook.plays[0]!.pos,
        hint: `the plays target ${hosts.map((h) => `\`${h.pattern || '(an empty list)'}\``).join(', ')}; check the inventory's groups (and --limit)`,
      });
    }
    // Without an inventory every inventory variable would look undefined, so this needs -i.
    const inventoryNames = new Set(inventory.hostNames().flatMap((h) => Object.keys(inventory.hostVars(h))));
    checkUndefinedVariables(playbook, { inventory: inventoryNames, extraVars: Object.keys(extraVars.vars) }, problems, quoteLine);
  }
  if (inventory) printWarnings(io.stderr, inventory.warnings);
  problems.throwIfAny();
  // loadPlaybook returns undefined only after recording why, so throwIfAny has thrown by now.
  return { playbook: playbook!, extraVars, hosts, ...(inventory ? { inventory } : {}), ...(shard ? { shard } : {}) };
}

function quoteLine(file: string, line: number): string | undefined {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/)[line - 1];
  } catch {
    return undefined;
  }
}

/** `--start-at-task` must name (or glob-match) a task that would run; otherwise it is a typo. */
function checkStartAtTask(playbook: Playbook, wanted: string, filter: TagFilter, io: CliIo): boolean {
  const names = playbook.plays.flatMap((play) => selectedTasks(play, filter).map((t) => t.name));
  if (names.some((name) => startsAtTask(wanted, name))) return true;
  const hint =
    didYouMean(wanted, names) ?? (names.length > 0 ? 'see the task names with --list-tasks' : 'the playbook has no tasks to start at');
  printOptionProblems(io.stderr, [badOption('--start-at-task', `no task is named \`${wanted}\``, hint)], 'run');
  return false;
}
