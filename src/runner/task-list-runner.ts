/**
 * The linear strategy over a task list: every active host finishes a task before any host
 * starts the next, `--forks` hosts at a time. Blocks run their `rescue` for the hosts that
 * failed inside them and their `always` for everyone; `include_tasks` is loaded when reached.
 * Under the free strategy (free-section.ts) the same runner walks the list once per host, each
 * host on its own; {@link FreeSection} holds what those walks share.
 */

import { ProblemList } from '../errors/problem.js';
import type { TaskRef } from '../events/run-events.js';
import { findTaskFile } from '../playbook/load-import.js';
import { loadTaskFile } from '../playbook/load-playbook.js';
import type { BlockTask, IncludeTask, StepTask, TaskKeywords, TaskNode } from '../playbook/model.js';
import { roleTaskName, startsAtTask, taskDisplayName } from '../playbook/outline.js';
import { loadIncludedRole } from '../playbook/roles/load-included-role.js';
import { mergeTags, selectedByTags } from '../playbook/tags.js';
import { evaluateCondition } from '../template/condition.js';
import { TemplateError } from '../template/errors.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderTemplate } from '../template/render.js';
import { Scope } from '../template/scope.js';
import { type FreeSection, newFreeSection } from './free-section.js';
import type { HostState } from './host-state.js';
import { expandIncludeLoop, groupIncludedItems, type HostIncludeLoop, type IncludedItem } from './include-loop.js';
import { inherited, type KeywordChain, keywordFlag, linksOf, roleOf, varsLayersOf } from './keyword-chain.js';
import { runLoop } from './loop-runner.js';
import { mapLimit } from './map-limit.js';
import { recordResult, settleOutcome } from './outcome.js';
import { failureSummary } from './play-partitions.js';
import type { PlayRun } from './play-run.js';
import { type Execution, executeOnce, whenHolds } from './task-executor.js';
import { renderTags, tagScope } from './task-tags.js';

/** Where a task list sits: inherited keywords, tags and whether failures are rescued. */
export interface Frame {
  chain: KeywordChain;
  tags: string[];
  rescuable: boolean;
  section: TaskRef['section'];
  /** Inside an `always:` section: it runs to its end even after an interrupt (interrupt-cleanup.ts). */
  always?: boolean;
}

/** An included file's tasks (an include_role's block, then with the role's name), or why it could not be loaded. */
type LoadedInclude = { tasks: TaskNode[]; path: string; role?: string } | { error: string };

/** What a host that an interrupt kept from starting a task "did" (never recorded, never shown). */
const NOT_STARTED: Execution = {
  status: 'skipped',
  result: { changed: false, skipped: true, skip_reason: 'interrupted before it started on this host' },
};

/** Runs task lists of one play on its current batch. */
export class TaskListRunner {
  /**
   * Set by `meta: end_play` (this play ends, the next one runs) or by `any_errors_fatal`
   * (the run ends): nothing more runs in this play.
   */
  stopped: 'end_play' | 'fatal' | undefined;
  /** Set while a section runs under the free strategy. */
  private free: FreeSection | undefined;

  constructor(
    private readonly play: PlayRun,
    /** Runs the notified handlers now (`meta: flush_handlers`). */
    private readonly flushHandlers: (hosts: string[]) => Promise<void> = async () => undefined,
  ) {}

  /**
   * Runs a section with the free strategy: each host walks `tasks` on its own, `--forks` hosts at
   * a time, so a host never waits for a slower one between tasks.
   */
  async runListFree(tasks: readonly TaskNode[], frame: Frame, hosts: readonly string[]): Promise<void> {
    this.free = newFreeSection();
    try {
      await mapLimit(hosts, this.play.run.options.forks, (h) => this.runList(tasks, frame, [h]));
    } finally {
      // --start-at-task: once a host reached the task, later sections start at their top.
      if (this.free.started.size > 0) this.play.run.startAt = undefined;
      this.free = undefined;
    }
  }

  async runList(tasks: readonly TaskNode[], frame: Frame, hosts: readonly string[]): Promise<void> {
    for (const task of tasks) {
      if (this.stopped || !this.play.run.cleanup.mayStart(frame.always === true)) return;
      const active = hosts.filter((h) => this.play.inPlay(h));
      if (!active.length) return;
      if (task.kind === 'block') await this.runBlock(task, frame, active);
      else if (task.kind === 'include') await this.runInclude(task, frame, active);
      else await this.runStep(task, frame, active);
    }
  }

  private async runBlock(block: BlockTask, frame: Frame, hosts: string[]): Promise<void> {
    const role = block.role?.role;
    // A role runs once per play and host unless it allows duplicates (Ansible skips it silently).
    if (role && !role.allowDuplicates) hosts = hosts.filter((h) => !this.play.roleRan(h, role.key));
    if (!hosts.length) return;
    await this.runBlockBody(block, frame, hosts);
    if (role)
      this.play.markRoleRan(
        hosts.filter((h) => this.play.inPlay(h)),
        role.key,
      );
  }

  private async runBlockBody(block: BlockTask, frame: Frame, hosts: string[]): Promise<void> {
    const inner: Frame = {
      ...frame,
      chain: [...frame.chain, ...linksOf(block)],
      tags: mergeTags(frame.tags, block.keywords.tags),
      rescuable: frame.rescuable || block.rescue.length > 0,
    };
    await this.runList(block.block, inner, hosts);
    const states = hosts.map((h) => this.play.run.host(h));
    const failed = states.filter((s) => s.failed && !s.unreachable);
    const outer: Frame = { ...inner, rescuable: frame.rescuable };
    if (block.rescue.length && failed.length) {
      for (const s of failed) {
        s.failed = false;
        s.setFacts.ansible_failed_task = s.lastFailure?.task;
        s.setFacts.ansible_failed_result = s.lastFailure?.result;
      }
      await this.runList(
        block.rescue,
        outer,
        failed.map((s) => s.name),
      );
    }
    if (block.always.length) {
      // `always` runs for hosts that failed in the block too; they stay failed afterwards.
      const stillFailed = states.filter((s) => s.failed && !s.unreachable);
      for (const s of stillFailed) s.failed = false;
      const hosts = states.filter((s) => s.active).map((s) => s.name);
      await this.play.run.cleanup.always(block, states, hosts, () => this.runList(block.always, { ...outer, always: true }, hosts));
      for (const s of stillFailed) s.failed = true;
    }
  }

  /**
   * A dynamic include, as ansible-core runs one: its `when` and tags decide whether the include
   * itself runs (once per host, before the file is read), and of its keywords only `vars` reach
   * the included tasks; those inherit from the play and the enclosing blocks, not from the include.
   */
  private async runInclude(include: IncludeTask, frame: Frame, hosts: string[]): Promise<void> {
    const own = [...frame.chain, include.keywords];
    if (!selectedByTags(this.tagsOf(frame, include.keywords), this.play.run.options.tags)) return;
    const ref: TaskRef = {
      play: this.play.index,
      id: this.play.run.taskId(),
      name: this.shownName(include.name ?? (include.includeRole ? `include_role : ${include.file}` : 'include_tasks'), own, hosts),
      section: frame.section,
      step: include.includeRole ? 'include_role' : 'include_tasks',
      pos: include.pos,
    };
    this.play.run.emit({ kind: 'task_start', task: ref, hosts });
    const record = (h: string, execution: Execution) =>
      recordResult(this.play.run, ref, this.play.run.host(h), execution, {
        ignored:
          execution.status === 'failed' && keywordFlag(inherited(own, 'ignore_errors'), this.play.scopeIn(this.play.run.host(h), own)),
        rescuing: frame.rescuable,
        noLog: false,
        startedAt: Date.now(),
      });
    const included: string[] = [];
    // A looped include evaluates its `when` per item (include-loop.ts).
    for (const h of hosts) {
      if (include.keywords.loop !== undefined) {
        included.push(h);
        continue;
      }
      const when = whenHolds(own, this.play.scopeIn(this.play.run.host(h), own));
      if (when.error) record(h, { status: 'failed', result: { changed: false, failed: true, msg: when.error } });
      else if (!when.holds)
        record(h, { status: 'skipped', result: { changed: false, skipped: true, skip_reason: 'Conditional result was False' } });
      else included.push(h);
    }
    if (!included.length) return;
    if (include.keywords.loop !== undefined) return this.runLoopedInclude(include, frame, ref, included);
    const loaded = this.loadInclude(include, own, included);
    if ('tasks' in loaded) {
      // Ansible counts an include_tasks as ok for each host and says which file it read (not an include_role).
      if (!include.includeRole) for (const h of included) this.play.run.stats.count(h, { status: 'ok', ignored: false, rescuing: false });
      this.play.run.emit({
        kind: 'included',
        task: ref,
        file: loaded.path,
        hosts: included,
        ...(loaded.role !== undefined ? { role: loaded.role } : {}),
      });
      const chain = include.keywords.vars ? [...frame.chain, { vars: include.keywords.vars }] : frame.chain;
      await this.runList(loaded.tasks, { ...frame, chain }, included);
      return;
    }
    // A missing or broken file fails every host that reached the include, visibly.
    for (const h of included) record(h, { status: 'failed', result: { changed: false, failed: true, msg: loaded.error } });
  }

  /**
   * `include_tasks` with `loop`: each host's items decide what it includes; each distinct item
   * (file, item, label) runs the file once for the hosts that had it, its loop variables reaching
   * the included tasks. The include's own result is not counted; each file run counts ok per host.
   */
  private async runLoopedInclude(include: IncludeTask, frame: Frame, ref: TaskRef, hosts: string[]): Promise<void> {
    const own = [...frame.chain, include.keywords];
    const perHost: Array<{ host: string; included: IncludedItem[] }> = [];
    for (const h of hosts) {
      const host = this.play.run.host(h);
      const scope = this.play.scopeIn(host, own);
      let loop: HostIncludeLoop;
      try {
        loop = expandIncludeLoop(include, own, scope);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        loop = { execution: { status: 'failed', result: { changed: false, failed: true, msg: error.message } }, included: [], shown: [] };
      }
      for (const item of loop.shown)
        this.play.run.emit({ kind: 'item_result', task: ref, host: h, status: item.status, label: item.label, result: item.result });
      const ignored = loop.execution.status === 'failed' && keywordFlag(inherited(own, 'ignore_errors'), scope);
      recordResult(this.play.run, ref, host, loop.execution, {
        ignored,
        rescuing: frame.rescuable,
        noLog: false,
        startedAt: Date.now(),
        uncounted: loop.execution.status === 'ok',
      });
      perHost.push({ host: h, included: loop.included });
    }
    // Every file is loaded and announced before the first runs, as Ansible prints its `included:` lines.
    const runs: Array<{ tasks: TaskNode[]; hosts: string[]; vars: Record<string, unknown> }> = [];
    for (const run of groupIncludedItems(perHost)) {
      const loaded = this.loadIncludeFile(include, run.file, [...own, { vars: run.vars }], run.hosts[0]!);
      if (!('tasks' in loaded)) {
        for (const h of run.hosts)
          recordResult(
            this.play.run,
            ref,
            this.play.run.host(h),
            { status: 'failed', result: { changed: false, failed: true, msg: loaded.error } },
            { ignored: false, rescuing: frame.rescuable, noLog: false, startedAt: Date.now() },
          );
        continue;
      }
      if (!include.includeRole) for (const h of run.hosts) this.play.run.stats.count(h, { status: 'ok', ignored: false, rescuing: false });
      this.play.run.emit({
        kind: 'included',
        task: ref,
        file: loaded.path,
        hosts: run.hosts,
        item: run.label,
        ...(loaded.role !== undefined ? { role: loaded.role } : {}),
      });
      runs.push({ tasks: loaded.tasks, hosts: run.hosts, vars: run.vars });
    }
    for (const run of runs) {
      const chain = [...frame.chain, ...(include.keywords.vars ? [{ vars: include.keywords.vars }] : []), { vars: run.vars }];
      const active = run.hosts.filter((h) => this.play.inPlay(h));
      if (active.length) await this.runList(run.tasks, { ...frame, chain }, active);
    }
  }

  /** Renders the file name (for the first host, as Ansible does for a play-wide include) and loads it. */
  private loadInclude(include: IncludeTask, chain: KeywordChain, hosts: string[]): LoadedInclude {
    let name: string;
    try {
      name = String(plainData(renderTemplate(include.file, this.play.scopeIn(this.play.run.host(hosts[0]!), chain))));
    } catch (error) {
      if (error instanceof TemplateError) return { error: `the task file name cannot be rendered: ${error.message}` };
      throw error;
    }
    return this.loadIncludeFile(include, name, chain, hosts[0]!);
  }

  /** Finds and loads an included task file by its rendered name. */
  private loadIncludeFile(include: IncludeTask, name: string, chain: KeywordChain, host: string): LoadedInclude {
    if (include.includeRole) {
      const around = roleOf(chain);
      // `tasks_from` and the like may be templates too, rendered as the name is (for the first host).
      const render = (text: string) => String(plainData(renderTemplate(text, this.play.scopeIn(this.play.run.host(host), chain))));
      let loaded: ReturnType<typeof loadIncludedRole>;
      try {
        loaded = loadIncludedRole(include, name, around ? [...around.parents, around.role] : [], this.play.run.playbook.dir, render);
      } catch (error) {
        if (error instanceof TemplateError) return { error: `the role's options cannot be rendered: ${error.message}` };
        throw error;
      }
      if (typeof loaded === 'string') return { error: loaded };
      this.play.addRole(loaded.role, loaded.handlers, include.includeRole.public === true);
      return { tasks: [loaded.block], path: loaded.role.path, role: loaded.role.name };
    }
    const path = findTaskFile(name, include.baseDir, this.play.run.playbook.dir);
    if (!path) return { error: `the task file ${name} does not exist` };
    const problems = new ProblemList();
    const tasks = loadTaskFile(path, problems);
    if (!tasks || !problems.ok)
      return {
        error: `could not load ${name}: ${problems.items.map((p) => `${p.pos ? `${p.pos.line}:${p.pos.col} ` : ''}${p.message}`).join('; ')}`,
      };
    return { tasks, path };
  }

  private async runStep(task: StepTask, frame: Frame, hosts: string[]): Promise<void> {
    const tags = this.tagsOf(frame, task.keywords);
    const handler = frame.section === 'handlers';
    // Notified handlers run whatever the tag filter, as in Ansible.
    if (!handler && !selectedByTags(tags, this.play.run.options.tags)) return;
    const chain = [...frame.chain, ...linksOf(task)];
    const role = roleOf(chain)?.role.name;
    const name = roleTaskName(task, role);
    const { free } = this;
    const { startAt } = this.play.run;
    if (startAt !== undefined && !handler && !(free && hosts.every((h) => free.started.has(h)))) {
      if (!startsAtTask(startAt, name) && !startsAtTask(startAt, taskDisplayName(task))) return;
      if (free) for (const h of hosts) free.started.add(h);
      else this.play.run.startAt = undefined;
    }
    // Free: the first host to reach a task announces it, for every host (their results carry it).
    let ref = free?.refs.get(task);
    if (!ref) {
      ref = {
        play: this.play.index,
        id: this.play.run.taskId(),
        name: this.shownName(name, chain, hosts),
        section: frame.section,
        step: task.step,
        pos: task.pos,
        ...(role !== undefined ? { role } : {}),
      };
      free?.refs.set(task, ref);
      this.play.run.emit({ kind: 'task_start', task: ref, hosts: free ? [] : hosts });
    }
    const runOnce = inherited(chain, 'run_once');
    // `pause` waits once for the whole batch, not once per host.
    const once =
      task.step === 'pause' ||
      (runOnce !== undefined &&
        (typeof runOnce === 'boolean' ? runOnce : evaluateCondition(runOnce, this.play.scopeFor(this.play.run.host(hosts[0]!)))));
    if (once && free) return this.runOnceFree(task, chain, frame, ref, hosts[0]!, free);
    // run_once: once per partition (a play without partition_by is one).
    const groups = [...this.play.byPartition(hosts).values()];
    const targets = once ? groups.map((g) => g[0]!) : hosts;
    const { forks } = this.play.run.options;
    // With more hosts than forks, the others wait for a free fork: an interrupt meanwhile means
    // they do not start at all (no result, like the tasks after it).
    const results = await mapLimit(targets, forks, (h, i) =>
      i >= forks && !this.play.run.cleanup.mayStart(frame.always === true)
        ? Promise.resolve(NOT_STARTED)
        : this.runOnHost(task, chain, frame, ref, this.play.run.host(h)),
    );
    if (once) for (const [i, g] of groups.entries()) this.shareRunOnce(task, results[i]!, g[0]!, g.slice(1));
    await this.afterTask(task, chain, frame, hosts, results, targets);
  }

  /**
   * After a task ran on `targets` (`results` in their order) for `hosts`: a failure may stop the
   * play (any_errors_fatal, max_fail_percentage), and a meta task acts.
   */
  private async afterTask(
    task: StepTask,
    chain: KeywordChain,
    frame: Frame,
    hosts: string[],
    results: Execution[],
    targets: string[],
  ): Promise<void> {
    // Inside a block with a rescue a failure is not final yet: the rescue runs first (Ansible).
    // After an interrupt nothing but the cleanup runs, and a failure must not stop it.
    if (!frame.rescuable && !this.play.run.interrupted) {
      this.checkAnyErrorsFatal(chain, hosts);
      this.checkMaxFailPercentage();
    }
    if (task.step === 'meta') await this.applyMeta(results, targets, hosts);
  }

  /**
   * run_once (and `pause`) under the free strategy: the first host of each partition to reach the
   * task runs it; the others wait for that run and take its result, as the linear strategy shares it.
   */
  private async runOnceFree(
    task: StepTask,
    chain: KeywordChain,
    frame: Frame,
    ref: TaskRef,
    host: string,
    free: FreeSection,
  ): Promise<void> {
    const key = this.play.partitionOf(host);
    let byPartition = free.once.get(task);
    if (!byPartition) {
      byPartition = new Map();
      free.once.set(task, byPartition);
    }
    let first = byPartition.get(key);
    if (!first) {
      first = this.runOnHost(task, chain, frame, ref, this.play.run.host(host)).then((execution) => ({ execution, host }));
      byPartition.set(key, first);
    }
    const { execution, host: ranOn } = await first;
    if (ranOn !== host) this.shareRunOnce(task, execution, ranOn, [host]);
    // Only the host that ran it acts on a meta task's result; the others share it.
    const ran = ranOn === host;
    await this.afterTask(task, chain, frame, [host], ran ? [execution] : [], ran ? [host] : []);
  }

  private async runOnHost(task: StepTask, chain: KeywordChain, frame: Frame, ref: TaskRef, host: HostState): Promise<Execution> {
    const startedAt = Date.now();
    let scope = Scope.EMPTY;
    let execution: Execution;
    try {
      scope = this.play.scopeIn(host, chain);
      if (task.keywords.loop !== undefined) execution = await runLoop(this.play, task, chain, host, scope, ref);
      else {
        const when = whenHolds(chain, scope);
        execution = when.error
          ? { status: 'failed', result: { changed: false, failed: true, msg: when.error } }
          : when.holds
            ? await executeOnce(this.play, task, chain, host, scope, ref)
            : { status: 'skipped', result: { changed: false, skipped: true, skip_reason: 'Conditional result was False' } };
      }
    } catch (error) {
      // A template that cannot be rendered for this host (an undefined `loop` variable, a vars
      // file that is not there) fails this host's task, never the run.
      if (!(error instanceof TemplateError)) throw error;
      execution = { status: 'failed', result: { changed: false, failed: true, msg: error.message } };
    }
    settleOutcome({ play: this.play, task, chain, ref, scope, rescuable: frame.rescuable, startedAt }, host, execution);
    return execution;
  }

  /** The tags of a task or include inside `frame`, templates rendered (task-tags.ts). */
  private tagsOf(frame: Frame, keywords: TaskKeywords): string[] {
    const scope = () => tagScope(this.play.play.vars, varsLayersOf([...frame.chain, keywords]), this.play.run.options.extraVars);
    return renderTags(mergeTags(frame.tags, keywords.tags), scope, (message) => this.play.run.emit({ kind: 'warning', message }));
  }

  /**
   * A templated task name as Ansible shows it: rendered with the first host's variables and the
   * task's `vars`, or left as written when it cannot be rendered.
   */
  private shownName(name: string, chain: KeywordChain, hosts: readonly string[]): string {
    if (!name.includes('{{') || !hosts.length) return name;
    try {
      return String(plainData(renderTemplate(name, this.play.scopeIn(this.play.run.host(hosts[0]!), chain))));
    } catch (error) {
      if (error instanceof TemplateError) return name;
      throw error;
    }
  }

  /** `run_once`: the one result counts for every host of the batch (registered and facts). */
  private shareRunOnce(task: StepTask, execution: Execution, ranOn: string, others: string[]): void {
    const registered = task.keywords.register ? this.play.run.host(ranOn).registered[task.keywords.register] : undefined;
    for (const name of others) {
      const state = this.play.run.host(name);
      if (task.keywords.register) state.registered[task.keywords.register] = registered;
      if (execution.step?.facts) Object.assign(state.setFacts, execution.step.facts);
      if (execution.status === 'failed') state.failed = true;
    }
  }

  /** Ansible checks `max_fail_percentage` after every task, over the current batch (of each partition). */
  private checkMaxFailPercentage(): void {
    const max = this.play.play.keywords.max_fail_percentage;
    if (max === undefined || !this.play.batch.length) return;
    const limit = typeof max === 'number' ? max : Number.parseFloat(max);
    for (const [key, members] of this.play.byPartition(this.play.batch)) {
      const failed = members.filter((h) => this.failedOrLost(h)).length;
      if ((failed / members.length) * 100 > limit) this.fatal(key, members);
    }
  }

  private checkAnyErrorsFatal(chain: KeywordChain, hosts: string[]): void {
    if (!inherited(chain, 'any_errors_fatal')) return;
    for (const [key, members] of this.play.byPartition(hosts)) if (members.some((h) => this.failedOrLost(h))) this.fatal(key, members);
  }

  private failedOrLost(host: string): boolean {
    const state = this.play.run.host(host);
    return state.failed || state.unreachable;
  }

  /** An abort: the whole run in a plain play, the partition's part of it in a partitioned one. */
  private fatal(key: string, members: readonly string[]): void {
    if (this.play.play.keywords.partition_by === undefined) this.stopped = 'fatal';
    else this.play.stopPartition(key, failureSummary(this.play.run, members));
  }

  private async applyMeta(results: Execution[], targets: string[], hosts: string[]): Promise<void> {
    const ran = results.map((r, i) => ({ meta: r.step?.meta, host: targets[i]! })).filter((r) => r.meta !== undefined);
    if (ran.some((r) => r.meta === 'end_play')) {
      // A partition is a play of its own: end_play ends the partitions that ran it.
      if (this.play.play.keywords.partition_by === undefined) this.stopped = 'end_play';
      else for (const r of ran) if (r.meta === 'end_play') this.play.endedPartitions.add(this.play.partitionOf(r.host));
    }
    if (ran.some((r) => r.meta === 'flush_handlers')) await this.flushHandlers(hosts);
  }
}
