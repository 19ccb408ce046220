/**
 * One play being run: its hosts, the current batch, and the variable scope a task sees on a
 * host, layered in Ansible's precedence order (lowest first):
 * inventory → facts → play vars → vars_files → block/task vars → set_fact and registered →
 * extra vars → magic variables.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { Play } from '../playbook/model.js';
import { renderTemplate } from '../template/render.js';
import { Scope } from '../template/scope.js';
import { TemplateError } from '../template/errors.js';
import { plainData } from '../template/mark-unsafe.js';
import type { HostState } from './host-state.js';
import type { RunContext } from './run-context.js';

const VERSION = { full: '2.14.0', major: 2, minor: 14, revision: 0, string: '2.14.0 (certbook)' };

/** The state of one play while it runs. */
export class PlayRun {
  /** The hosts of the batch being run now. */
  batch: string[] = [];
  private readonly varsFiles = new Map<string, Record<string, unknown>>();
  private hostvarsCache: Record<string, unknown> | undefined;

  constructor(
    readonly run: RunContext,
    readonly play: Play,
    /** 1-based, as `play #N` in listings. */
    readonly index: number,
    /** Every host the play targets (all batches). */
    readonly hosts: string[],
  ) {}

  get name(): string {
    return this.play.name ?? this.play.hosts;
  }

  /** The scope for `host`, with the enclosing blocks' and the task's own `vars` layered on top. */
  scopeFor(host: HostState, taskVars: ReadonlyArray<Record<string, unknown>> = []): Scope {
    const { run } = this;
    let scope = Scope.EMPTY.with(run.inventory.hostVars(host.name), 'template')
      .with({ ...host.facts, ansible_facts: host.facts }, 'unsafe')
      .with(this.play.vars, 'template')
      .with(this.varsFilesFor(host), 'template');
    for (const vars of taskVars) scope = scope.with(vars, 'template');
    return scope
      .with(host.setFacts, 'data')
      .with(host.registered, 'unsafe')
      .with(run.options.extraVars, 'template')
      .with(this.magicVars(host.name), 'data');
  }

  private magicVars(name: string): Record<string, unknown> {
    const { run } = this;
    const vars: Record<string, unknown> = {
      ...run.inventory.magicVars(name),
      groups: run.inventory.groupsMagicVar(),
      hostvars: this.hostvars(),
      play_hosts: this.batch,
      ansible_play_hosts_all: this.hosts,
      ansible_play_batch: this.batch,
      ansible_play_name: this.name,
      ansible_check_mode: run.options.check,
      ansible_diff_mode: run.options.diff,
      ansible_verbosity: run.options.verbosity,
      ansible_run_tags: run.options.tags.only,
      ansible_skip_tags: run.options.tags.skip,
      ansible_version: VERSION,
      playbook_dir: run.playbook.dir,
      certbook_run_started: run.startedAt.toISOString(),
      // True in the `always:` sections an interrupted run runs before it exits (interrupt-cleanup.ts).
      certbook_interrupted: run.interrupted,
    };
    // Worked out only when a template reads it: filtering every play host for every host and
    // task was O(hosts²) per run.
    Object.defineProperty(vars, 'ansible_play_hosts', { enumerable: true, get: () => this.hosts.filter((h) => run.host(h).active) });
    return vars;
  }

  /**
   * `hostvars`: every inventory host's variables, computed only for hosts a template actually
   * reads (a getter per host), so a 1,000-host play does not copy 1,000 variable sets per task.
   */
  private hostvars(): Record<string, unknown> {
    if (this.hostvarsCache) return this.hostvarsCache;
    const out: Record<string, unknown> = {};
    for (const name of this.run.inventory.hostNames()) {
      Object.defineProperty(out, name, {
        enumerable: true,
        get: () => {
          const state = this.run.host(name);
          return { ...this.run.inventory.hostVars(name), ...state.facts, ...state.setFacts, ...state.registered, inventory_hostname: name };
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
    const base = Scope.EMPTY.with(this.run.inventory.hostVars(host.name)).with(this.play.vars)
      .with(this.run.options.extraVars).with(this.magicVars(host.name), 'data');
    const path = String(plainData(renderTemplate(template, base)));
    let value: unknown;
    try {
      value = parse(readFileSync(resolve(this.run.playbook.dir, path), 'utf8'), { version: '1.1' });
    } catch (error) {
      throw new TemplateError(`vars file ${path} could not be read: ${(error as Error).message.split('\n')[0]}`);
    }
    if (value !== null && (typeof value !== 'object' || Array.isArray(value))) throw new TemplateError(`vars file ${path} does not hold a mapping`);
    return (value ?? {}) as Record<string, unknown>;
  }
}
