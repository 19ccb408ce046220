/**
 * The inventory's groups and hosts as Ansible's `InventoryData` keeps them: groups and hosts
 * in the order they were first mentioned, each group's direct hosts and child groups in
 * definition order, the implicit `all` and `ungrouped`, and the reconcile step that puts
 * parentless groups under `all` and groupless hosts under `ungrouped`.
 */
import type { SourcePosition } from '../errors/problem.js';

/** One variable's value and where it was written (absent for values certbook made up). */
export interface VarEntry {
  value: unknown;
  origin?: SourcePosition;
  /** The source line at `origin`, for quoting it in a problem. */
  line?: string;
}

/** Variables in the order they were set; later sets replace earlier ones. */
export type VarMap = Map<string, VarEntry>;

/** A group as the loader builds it. */
export interface GroupRecord {
  name: string;
  /** Direct hosts, in definition order. */
  hosts: string[];
  /** Direct child groups, in definition order. */
  children: string[];
  parents: string[];
  /** Variables from the inventory file itself (group_vars/ files are kept apart). */
  vars: VarMap;
  /** `ansible_group_priority` (default 1): among groups of the same depth, higher wins. */
  priority: number;
  /** Longest path from `all` (0 for `all`); deeper groups override shallower ones. */
  depth: number;
  /** Where the group is first defined. */
  pos?: SourcePosition;
}

/** A host as the loader builds it. */
export interface HostRecord {
  name: string;
  /** Variables from the inventory file itself (host_vars/ files are kept apart). */
  vars: VarMap;
  /** Groups that list the host directly, in the order they did. */
  directGroups: string[];
  /** The inventory source that first named the host (Ansible's `inventory_file`). */
  source?: string;
  pos?: SourcePosition;
}

/** Why a child could not be added under a group. */
export type AddChildResult = { ok: true } | { ok: false; loop: string[] };

/** Groups and hosts, with Ansible's membership rules. */
export class InventoryData {
  readonly groups = new Map<string, GroupRecord>();
  readonly hosts = new Map<string, HostRecord>();

  constructor() {
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  /** Creates the group unless it exists; returns it. */
  addGroup(name: string, pos?: SourcePosition): GroupRecord {
    let group = this.groups.get(name);
    if (!group) {
      group = { name, hosts: [], children: [], parents: [], vars: new Map(), priority: 1, depth: 0 };
      if (pos) group.pos = pos;
      this.groups.set(name, group);
    }
    return group;
  }

  /** Creates the host unless it exists (a port only counts when it creates it, as in Ansible). */
  addHost(
    name: string,
    group: string | undefined,
    port: number | undefined,
    where: { source?: string; pos?: SourcePosition; line?: string },
  ): HostRecord {
    let host = this.hosts.get(name);
    if (!host) {
      host = { name, vars: new Map(), directGroups: [] };
      if (where.source !== undefined) host.source = where.source;
      if (where.pos) host.pos = where.pos;
      // Ansible's Host(name, port) ignores port 0 (`if port:`).
      if (port)
        host.vars.set('ansible_port', {
          value: port,
          ...(where.pos ? { origin: where.pos } : {}),
          ...(where.line !== undefined ? { line: where.line } : {}),
        });
      this.hosts.set(name, host);
    }
    if (group !== undefined) {
      const g = this.groups.get(group);
      if (g && !host.directGroups.includes(group)) {
        g.hosts.push(name);
        host.directGroups.push(group);
      }
    }
    return host;
  }

  /** Puts `child` under `parent`, unless that would make a loop. */
  addChild(parent: string, child: string): AddChildResult {
    const p = this.groups.get(parent)!;
    const c = this.groups.get(child)!;
    if (p.children.includes(child)) return { ok: true };
    const loop = this.pathDown(child, parent);
    if (loop) return { ok: false, loop: [...loop, child] };
    p.children.push(child);
    if (!c.parents.includes(parent)) c.parents.push(parent);
    return { ok: true };
  }

  /** The chain of groups from `from` down to `to` through child links, if there is one. */
  private pathDown(from: string, to: string): string[] | undefined {
    if (from === to) return [from];
    const previous = new Map<string, string>([[from, '']]);
    const queue = [from];
    while (queue.length > 0) {
      const name = queue.shift()!;
      for (const kid of this.groups.get(name)!.children) {
        if (previous.has(kid)) continue;
        previous.set(kid, name);
        if (kid === to) return chain(previous, to);
        queue.push(kid);
      }
    }
    return undefined;
  }

  /** Every group above `name` (not including it). */
  ancestors(name: string): Set<string> {
    const seen = new Set<string>();
    const stack = [...(this.groups.get(name)?.parents ?? [])];
    while (stack.length > 0) {
      const g = stack.pop()!;
      if (seen.has(g)) continue;
      seen.add(g);
      stack.push(...this.groups.get(g)!.parents);
    }
    return seen;
  }

  /** Every group a host is in, directly or through a child group (Ansible's `host.groups`). */
  groupsOfHost(host: string): Set<string> {
    const out = new Set<string>();
    for (const group of this.hosts.get(host)?.directGroups ?? []) {
      out.add(group);
      for (const a of this.ancestors(group)) out.add(a);
    }
    return out;
  }

  /**
   * Ansible's `reconcile_inventory`: parentless groups go under `all`, hosts in no group but
   * `all` go to `ungrouped`, hosts in a real group leave `ungrouped`; then depths are set.
   */
  reconcile(): void {
    for (const group of this.groups.values()) {
      if (group.name !== 'all' && group.parents.length === 0) this.addChild('all', group.name);
    }
    const ungrouped = this.groups.get('ungrouped')!;
    const leaving = new Set<string>();
    for (const host of this.hosts.values()) {
      const mine = this.groupsOfHost(host.name);
      if (mine.has('ungrouped')) {
        const others = [...mine].filter((g) => g !== 'all' && g !== 'ungrouped');
        if (others.length > 0 && host.directGroups.includes('ungrouped')) {
          leaving.add(host.name);
          host.directGroups = host.directGroups.filter((g) => g !== 'ungrouped');
        }
      } else if (mine.size === 0 || (mine.size === 1 && mine.has('all'))) {
        // Ansible's `add_child('ungrouped', name)` looks the name up among groups first: a host
        // named like a group puts that group under `ungrouped`, and stays out of it itself.
        if (this.groups.has(host.name)) {
          if (host.name !== 'ungrouped') this.addChild('ungrouped', host.name);
        } else {
          ungrouped.hosts.push(host.name);
          host.directGroups.push('ungrouped');
        }
      }
    }
    if (leaving.size > 0) ungrouped.hosts = ungrouped.hosts.filter((h) => !leaving.has(h));
    this.computeDepths();
  }

  /** Depth is the longest path from `all`, as Ansible's incremental updates end up. */
  private computeDepths(): void {
    const memo = new Map<string, number>();
    const depthOf = (name: string): number => {
      const known = memo.get(name);
      if (known !== undefined) return known;
      const parents = this.groups.get(name)!.parents;
      const depth = parents.length === 0 ? 0 : Math.max(...parents.map((p) => depthOf(p) + 1));
      memo.set(name, depth);
      return depth;
    };
    for (const group of this.groups.values()) group.depth = depthOf(group.name);
  }

  /**
   * A group's hosts including those of its descendants, without duplicates, in Ansible's
   * order: the group's own hosts, then its children's, then theirs, level by level. (Beyond
   * the first level Ansible's order follows Python set iteration and changes from run to
   * run; certbook keeps definition order there.)
   */
  hostsUnder(name: string): string[] {
    const order: string[] = [name, ...this.groups.get(name)!.children];
    const seen = new Set(order);
    let level = [...this.groups.get(name)!.children];
    while (level.length > 0) {
      const next: string[] = [];
      for (const g of level) {
        for (const kid of this.groups.get(g)!.children) {
          if (seen.has(kid)) continue;
          seen.add(kid);
          order.push(kid);
          next.push(kid);
        }
      }
      level = next;
    }
    const hosts = new Set<string>();
    for (const g of order) for (const h of this.groups.get(g)!.hosts) hosts.add(h);
    return [...hosts];
  }
}

function chain(previous: Map<string, string>, last: string): string[] {
  const path = [last];
  let at = previous.get(last);
  while (at) {
    path.unshift(at);
    at = previous.get(at);
  }
  return path;
}
