/**
 * The loaded inventory: hosts in inventory order, groups, and each host's variables merged
 * in Ansible's precedence order, with where each variable came from.
 */
import { dirname, isAbsolute } from 'node:path';
import type { Problem, SourcePosition } from '../errors/problem.js';
import { sortCodePoints } from '../python/python-text.js';
import { isIpAddress } from './host-address.js';
import { groupVarLayers, hostVarLayers, type VarsLayout } from './host-vars.js';
import type { InventoryData, VarEntry, VarMap } from './inventory-data.js';
import { mergeVarMaps, varMapToObject } from './merge-vars.js';

/** Names Ansible resolves to an implicit localhost when the inventory does not define them. */
export const LOCALHOST_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

/** A group's shape, as the output functions need it. */
export interface GroupView {
  name: string;
  /** Hosts listed directly in the group, in definition order. */
  hosts: readonly string[];
  /** Child groups in definition order. */
  children: readonly string[];
  parents: readonly string[];
  depth: number;
  priority: number;
  /** Where the group is first defined (absent for `all` and `ungrouped` when implicit). */
  pos?: SourcePosition;
}

/** Ansible's per-host magic variables that come from the inventory. */
export interface InventoryMagicVars {
  inventory_hostname: string;
  inventory_hostname_short: string;
  group_names: string[];
  inventory_file: string | null;
  inventory_dir: string | null;
}

/** A loaded inventory. Create one with `loadInventory`. */
export class Inventory {
  private readonly merged = new Map<string, VarMap>();
  private groupsMemo?: Readonly<Record<string, readonly string[]>>;

  constructor(
    private readonly layout: VarsLayout,
    /** Non-fatal findings Ansible would warn about (odd group names, unread vars files). */
    readonly warnings: readonly Problem[],
  ) {}

  private get data(): InventoryData {
    return this.layout.data;
  }

  /** Every host, in inventory order (as `ansible all --list-hosts` lists them). */
  hostNames(): string[] {
    return this.data.hostsUnder('all');
  }

  /** Every group in the order it was first mentioned; `all` and `ungrouped` first. */
  groupNames(): string[] {
    return [...this.data.groups.keys()];
  }

  /** Host names in the order they were first mentioned (the order Ansible matches patterns in). */
  hostsInDefinitionOrder(): string[] {
    return [...this.data.hosts.keys()];
  }

  /** True when the inventory defines the host. */
  has(name: string): boolean {
    return this.data.hosts.has(name);
  }

  /** True when the inventory defines the group (`all` and `ungrouped` always exist). */
  hasGroup(name: string): boolean {
    return this.data.groups.has(name);
  }

  /**
   * True for `localhost`, `127.0.0.1` or `::1` when the inventory defines none of them: then
   * the name is Ansible's implicit localhost, reached with `ansible_connection: local`.
   */
  isImplicitLocalhost(name: string): boolean {
    return LOCALHOST_NAMES.includes(name) && this.definedLocalhost() === undefined;
  }

  /**
   * The first host the inventory defines under a localhost name, if any. Ansible resolves
   * every localhost name to it (`localhost` finds a host named `::1`).
   */
  definedLocalhost(): string | undefined {
    for (const name of this.data.hosts.keys()) if (LOCALHOST_NAMES.includes(name)) return name;
    return undefined;
  }

  /** A group's shape, or undefined when there is no such group. */
  group(name: string): GroupView | undefined {
    return this.data.groups.get(name);
  }

  /** Every host in a group or its descendants, in inventory order (Ansible's `groups[name]`). */
  groupHosts(name: string): string[] {
    return this.data.groups.has(name) ? this.data.hostsUnder(name) : [];
  }

  /** The groups a host is in, directly or through child groups, without `all`, sorted (Ansible's `group_names`). */
  groupsOf(name: string): string[] {
    return sortCodePoints([...this.data.groupsOfHost(name)].filter((g) => g !== 'all'));
  }

  /**
   * The host's inventory variables, merged in Ansible's precedence order. Values are frozen
   * and shared between hosts; copy before changing. Magic variables are not included (see
   * `magicVars`). An implicit localhost gets `all`'s variables and `ansible_connection: local`.
   */
  hostVars(name: string): Record<string, unknown> {
    return varMapToObject(this.mergedVars(name));
  }

  /** The host's merged variables with where each was written (the loader's checks use it). */
  hostVarEntries(name: string): ReadonlyMap<string, VarEntry> {
    return this.mergedVars(name);
  }

  /** Where the winning value of a host's variable was written, if it was written anywhere. */
  varOrigin(host: string, varName: string): SourcePosition | undefined {
    return this.mergedVars(host).get(varName)?.origin;
  }

  /**
   * A group's own variables as `ansible-inventory --graph --vars` shows them: the inventory
   * file's, then group_vars/ beside the sources and the playbook; `ansible_group_priority`
   * when it is not the default.
   */
  groupVars(name: string): Record<string, unknown> {
    const group = this.data.groups.get(name);
    if (!group) return {};
    const vars = varMapToObject(mergeVarMaps(groupVarLayers(this.layout, name)));
    if (group.priority !== 1) vars.ansible_group_priority = group.priority;
    return vars;
  }

  /** `inventory_hostname`, `inventory_hostname_short`, `group_names`, `inventory_file`, `inventory_dir`. */
  magicVars(name: string): InventoryMagicVars {
    // For a comma-separated host list Ansible's inventory_file is that text, with no directory.
    const source = this.data.hosts.get(name)?.source ?? null;
    return {
      inventory_hostname: name,
      inventory_hostname_short: isIpAddress(name) ? name : name.split('.')[0]!,
      group_names: this.groupsOf(name),
      inventory_file: source,
      inventory_dir: source !== null && isAbsolute(source) ? dirname(source) : null,
    };
  }

  /**
   * Ansible's `groups` magic variable: every group's hosts. Built once and shared (frozen): every
   * task of every host reads it, and rebuilding it each time cost O(hosts) per host and task,
   * O(hosts²) per run.
   */
  groupsMagicVar(): Readonly<Record<string, readonly string[]>> {
    if (this.groupsMemo) return this.groupsMemo;
    const out: Record<string, readonly string[]> = {};
    for (const name of this.data.groups.keys()) out[name] = Object.freeze(this.data.hostsUnder(name));
    this.groupsMemo = Object.freeze(out);
    return this.groupsMemo;
  }

  private mergedVars(name: string): VarMap {
    let vars = this.merged.get(name);
    if (!vars) {
      const implicit: VarMap | undefined = this.isImplicitLocalhost(name)
        ? new Map([['ansible_connection', { value: 'local' }]])
        : undefined;
      if (!this.has(name) && !implicit) return new Map();
      vars = mergeVarMaps(hostVarLayers(this.layout, name, implicit));
      this.merged.set(name, vars);
    }
    return vars;
  }
}
