/**
 * One play being run: its hosts, the current batch, and the variable scope a task sees on a
 * host, layered in Ansible's precedence order (lowest first):
 * role defaults → inventory → facts → play vars → vars_files → role vars → block/task vars →
 * include_vars → set_fact and registered → role params → extra vars → magic variables.
 */
import { resolve } from 'node:path';
import { formatProblem } from '../errors/format.js';
import { ProblemList } from '../errors/problem.js';
import type { PlayRoles } from '../playbook/load-context.js';
import type { Play, Role, RoleUse, TaskNode } from '../playbook/model.js';
import { newHandlers } from '../playbook/roles/load-role.js';
import { TemplateError } from '../template/errors.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderTemplate } from '../template/render.js';
import { perRender } from '../template/render-scope.js';
import { Scope } from '../template/scope.js';
import { readVarsMapping } from '../yaml/vars-file.js';
import type { HostState } from './host-state.js';
import { type KeywordChain, roleOf, varsLayersOf } from './keyword-chain.js';
import { type Partitions, WHOLE_PLAY } from './play-partitions.js';
import { type RoleLayers, roleLayers } from './role-vars.js';
import type { RunContext } from './run-context.js';

const VERSION = { full: '2.14.0', major: 2, minor: 14, revision: 0, string: '2.14.0 (certbook)' };

/** The state of one play while it runs. */
export class PlayRun {
  /** The hosts of the batch being run now. */
  batch: string[] = [];
  private readonly varsFiles = new Map<string, Record<string, unknown>>();
  private hostvarsCache: Record<string, unknown> | undefined;
  private partitionsOfPlay: Partitions | undefined;
  /**
   * Each host's magic variables, built once per play and host: every task of every host reads
   * them, and rebuilding them per task was the largest share of the run's garbage (about 0.4 KB
   * per host and task). What changes during the play is read through getters.
   */
  private readonly magicCache = new Map<string, Record<string, unknown>>();
  /** Partitions that stopped (any_errors_fatal, max_fail_percentage), with why. */
  readonly stoppedPartitions = new Map<string, string>();
  /** Partitions that ran `meta: end_play`. */
  readonly endedPartitions = new Set<string>();
  /** The play's handlers: its own and its roles', and those of roles included as the play runs. */
  readonly handlers: TaskNode[];
  /** What the play's roles brought so far (a public `include_role` adds its role to the shared ones). */
  readonly roles: PlayRoles;
  /** Per host, the keys of the roles that ran to their end (a role runs once per play unless it allows duplicates). */
  private readonly rolesRun = new Map<string, Set<string>>();
  private readonly layersCache = new Map<RoleUse | undefined, RoleLayers>();

  constructor(
    readonly run: RunContext,
    readonly play: Play,
    /** 1-based, as `play #N` in listings. */
    readonly index: number,
    /** Every host the play targets (all batches). */
    readonly hosts: string[],
  ) {
    this.handlers = [...play.handlers];
    const handlerKeys = new Set(play.handlers.map((h) => h.role?.role.key ?? ''));
    this.roles = { roles: [...play.roles], handlers: [], handlerKeys };
  }

  /** The play's partitions (`partition_by`); one holding every host when the play has none. */
  get partitions(): Partitions | undefined {
    return this.partitionsOfPlay;
  }

  set partitions(partitions: Partitions | undefined) {
    this.partitionsOfPlay = partitions;
    // The play's host lists and `certbook_partition` depend on them.
    this.magicCache.clear();
  }

  /** Whether the role `key` already ran to its end on `host` in this play. */
  roleRan(host: string, key: string): boolean {
    return this.rolesRun.get(host)?.has(key) ?? false;
  }

  /** Records that the role `key` ran to its end on `hosts`. */
  markRoleRan(hosts: readonly string[], key: string): void {
    for (const h of hosts) {
      const ran = this.rolesRun.get(h) ?? new Set<string>();
      ran.add(key);
      this.rolesRun.set(h, ran);
    }
  }

  /** Shares a role included with `public: yes` with the rest of the play, and takes its handlers. */
  addRole(role: Role, handlers: readonly TaskNode[], isPublic: boolean): void {
    if (isPublic) {
      this.roles.roles.push(role);
      this.layersCache.clear();
      // `ansible_play_role_names` and `ansible_role_names` name it from now on.
      this.magicCache.clear();
    }
    this.handlers.push(...newHandlers(this.roles, handlers));
  }

  /** The scope of a task inside `chain` (its blocks' and its own `vars`, its role) on `host`. */
  scopeIn(host: HostState, chain: KeywordChain): Scope {
    return this.scopeFor(host, varsLayersOf(chain), roleOf(chain));
  }

  get name(): string {
    return this.play.name ?? this.play.hosts;
  }

  /** The partition key of `host` ({@link WHOLE_PLAY} when the play is not partitioned). */
  partitionOf(host: string): string {
    return this.partitions?.keyOf.get(host) ?? WHOLE_PLAY;
  }

  /** Whether `host` still takes part in this play: not failed or ended, its partition going on. */
  inPlay(host: string): boolean {
    const key = this.partitionOf(host);
    return this.run.host(host).active && !this.stoppedPartitions.has(key) && !this.endedPartitions.has(key);
  }

  /**
   * Stops `key`'s partition for the rest of the play and, as an abort ends an Ansible run, for
   * the rest of the run: its hosts, and hosts of later plays' partitions with the same key.
   */
  stopPartition(key: string, reason: string): void {
    if (this.stoppedPartitions.has(key)) return;
    this.stoppedPartitions.set(key, reason);
    const hosts = this.partitions?.byKey.get(key) ?? [];
    this.run.abortedPartitions.set(key, reason);
    for (const h of hosts) this.run.outOfRun.add(h);
    this.run.emit({ kind: 'partition_stopped', play: this.index, partition: key, hosts: [...hosts], reason });
  }

  /** `hosts` grouped by partition, in order. */
  byPartition(hosts: readonly string[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const h of hosts) {
      const key = this.partitionOf(h);
      // Appended in place: copying the list per host was O(hosts²) per task.
      const members = out.get(key);
      if (members) members.push(h);
      else out.set(key, [h]);
    }
    return out;
  }

  /** Every host of `host`'s partition (every play host when the play is not partitioned). */
  private partitionHosts(host: string): string[] {
    return this.partitions?.byKey.get(this.partitionOf(host)) ?? this.hosts;
  }

  /** The scope for `host`, with the enclosing blocks' and the task's own `vars` layered on top, inside `role` if given. */
  scopeFor(host: HostState, taskVars: ReadonlyArray<Record<string, unknown>> = [], role?: RoleUse): Scope {
    const { run } = this;
    const roles = this.layersOf(role);
    // Role layers are left out when empty: a play without roles looks names up as before.
    let scope = withSome(withSome(Scope.EMPTY, roles.playDefaults), roles.taskDefaults)
      .with(run.inventory.hostVars(host.name), 'template')
      .with({ ...host.facts, ansible_facts: host.facts }, 'unsafe')
      .with(this.play.vars, 'template')
      .with(this.varsFilesFor(host), 'template');
    scope = withSome(withSome(scope, roles.playVars), roles.taskVars);
    for (const vars of taskVars) scope = scope.with(vars, 'template');
    scope = withSome(scope.with(host.includedVars, 'template').with(host.setFacts, 'data').with(host.registered, 'unsafe'), roles.params);
    return withSome(scope.with(run.options.extraVars, 'template').with(this.magicVars(host.name), 'data'), roles.magic, 'data');
  }

  private layersOf(role: RoleUse | undefined): RoleLayers {
    let layers = this.layersCache.get(role);
    if (!layers) {
      layers = roleLayers(this.roles.roles, role);
      this.layersCache.set(role, layers);
    }
    return layers;
  }

  private magicVars(name: string): Record<string, unknown> {
    let vars = this.magicCache.get(name);
    if (!vars) {
      vars = this.buildMagicVars(name);
      this.magicCache.set(name, vars);
    }
    return vars;
  }

  private buildMagicVars(name: string): Record<string, unknown> {
    const { run } = this;
    // A partition is a play of its own: the play's host lists are its hosts.
    const members = this.partitionHosts(name);
    const vars: Record<string, unknown> = {
      ...run.inventory.magicVars(name),
      groups: run.inventory.groupsMagicVar(),
      hostvars: this.hostvars(),
      ansible_play_hosts_all: members,
      certbook_partition: this.partitionOf(name),
      ansible_play_name: this.name,
      ...this.roleNames(),
      ansible_check_mode: run.options.check,
      ansible_diff_mode: run.options.diff,
      ansible_verbosity: run.options.verbosity,
      ansible_run_tags: run.options.tags.only,
      ansible_skip_tags: run.options.tags.skip,
      ansible_version: VERSION,
      playbook_dir: run.playbook.dir,
      certbook_run_started: run.startedAt.toISOString(),
    };
    // True in the `always:` sections an interrupted run runs before it exits (interrupt-cleanup.ts).
    Object.defineProperty(vars, 'certbook_interrupted', { enumerable: true, get: () => run.interrupted });
    // Worked out only when a template reads it: filtering every play host for every host and
    // task was O(hosts²) per run.
    Object.defineProperty(vars, 'ansible_play_hosts', { enumerable: true, get: () => members.filter((h) => run.host(h).active) });
    const key = this.partitionOf(name);
    const batch = (): string[] =>
      this.partitions && this.partitions.byKey.size > 1 ? this.batch.filter((h) => this.partitionOf(h) === key) : this.batch;
    Object.defineProperty(vars, 'play_hosts', { enumerable: true, get: batch });
    Object.defineProperty(vars, 'ansible_play_batch', { enumerable: true, get: batch });
    return vars;
  }

  /** The names of the play's roles: as listed (`ansible_play_role_names`) and with their dependencies (`ansible_role_names`). */
  private roleNames(): { ansible_play_role_names: string[]; ansible_role_names: string[] } {
    const all = (role: Role): string[] => [...role.dependencies.flatMap(all), role.name];
    const listed = this.roles.roles.map((r) => r.name);
    return { ansible_play_role_names: [...new Set(listed)], ansible_role_names: [...new Set(this.roles.roles.flatMap(all))] };
  }

  /**
   * `hostvars`: every inventory host's variables, computed only for hosts a template actually
   * reads (a getter per host), so a 1,000-host play does not copy 1,000 variable sets per task.
   */
  private hostvars(): Record<string, unknown> {
    if (this.hostvarsCache) return this.hostvarsCache;
    const out: Record<string, unknown> = {};
    // One copy per host and render (render-scope.ts): a template that maps the whole fleet
    // through hostvars, in several fields of one task, copied every host's variables per field.
    const copies = (): Map<string, Record<string, unknown>> => new Map();
    for (const name of this.run.inventory.hostNames()) {
      Object.defineProperty(out, name, {
        enumerable: true,
        get: () => {
          const made = perRender(out, copies);
          let vars = made.get(name);
          if (!vars) {
            const state = this.run.host(name);
            vars = {
              ...this.run.inventory.hostVars(name),
              ...state.facts,
              ...state.includedVars,
              ...state.setFacts,
              ...state.registered,
              inventory_hostname: name,
            };
            made.set(name, vars);
          }
          return vars;
        },
      });
    }
    this.hostvarsCache = out;
    return out;
  }

  /** Static vars files as loaded; templated names rendered for this host and read now. */
  private varsFilesFor(host: HostState): Record<string, unknown> {
    const cached = this.varsFiles.get(host.name);
    if (cached) return cached;
    let merged: Record<string, unknown> = {};
    for (const file of this.play.varsFiles) {
      if (file.vars) merged = { ...merged, ...file.vars };
      else merged = { ...merged, ...this.readTemplatedVarsFile(host, file.path) };
    }
    this.varsFiles.set(host.name, merged);
    return merged;
  }

  /** A `vars_files` entry whose name is a template; any failure is a TemplateError for this host. */
  private readTemplatedVarsFile(host: HostState, template: string): Record<string, unknown> {
    const base = Scope.EMPTY.with(this.run.inventory.hostVars(host.name))
      .with(this.play.vars)
      .with(this.run.options.extraVars)
      .with(this.magicVars(host.name), 'data');
    const path = String(plainData(renderTemplate(template, base)));
    const problems = new ProblemList();
    const vars = readVarsMapping(resolve(this.run.playbook.dir, path), path, problems);
    // The problems of a file named at run time fail this host's task, the first one quoted as at load time.
    if (!vars)
      throw new TemplateError(
        `vars file ${path} could not be read: ${problems.items[0] ? formatProblem(problems.items[0]) : 'no reason given'}`,
      );
    return vars;
  }
}

/** `scope` with `vars` on top, unless there are none. */
function withSome(scope: Scope, vars: Record<string, unknown>, trust: 'template' | 'data' = 'template'): Scope {
  return Object.keys(vars).length ? scope.with(vars, trust) : scope;
}
