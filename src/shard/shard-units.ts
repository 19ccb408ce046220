/**
 * The unit a host is sharded with: hosts of one unit always land in the same shard. Decided
 * from the inventory alone, before anything is contacted, first rule that applies:
 *
 * 1. `certbook_shard_unit` (a host or group variable, any playbook): hosts with one value are one unit;
 * 2. `k3s_cluster_name`: a named k3s cluster is one unit;
 * 3. a host in k3s-ansible's groups (`k3s_cluster`, `server`, `agent`, `master`, `node`, or
 *    the groups `-e k3s_server_group=… -e k3s_agent_group=…` name): the inventory file that
 *    defines it, since k3s-ansible keeps one cluster per inventory file;
 * 4. any other host is a unit of its own.
 *
 * A cluster whose identity is known only after connecting (the server CA) stays whole as long
 * as its nodes share a file or a name; nodes of one cluster spread over two files without a
 * name can land in two shards, which `certbook report merge` detects and refuses.
 */
import type { ProblemList } from '../errors/problem.js';
import type { Inventory } from '../inventory/inventory.js';
import { TemplateError, UndefinedVariableError } from '../template/errors.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderTemplate } from '../template/render.js';
import { Scope } from '../template/scope.js';

/** The variable that names a host's shard unit explicitly. */
export const SHARD_UNIT_VAR = 'certbook_shard_unit';

/** k3s-ansible's groups, now and before 2023, and the group above them. */
const K3S_GROUPS = ['k3s_cluster', 'server', 'agent', 'master', 'node'];

/** Computes each host's unit key; one instance per inventory and extra vars. */
export class ShardUnits {
  private readonly k3sHosts: ReadonlySet<string>;

  constructor(
    private readonly inventory: Inventory,
    private readonly extraVars: Record<string, unknown>,
  ) {
    const named = ['k3s_server_group', 'k3s_agent_group'].map((v) => extraVars[v]).filter((g): g is string => typeof g === 'string');
    this.k3sHosts = new Set([...K3S_GROUPS, ...named].flatMap((g) => inventory.groupHosts(g)));
  }

  /**
   * The unit key of `host`: `unit:VALUE`, `cluster:NAME`, `file:PATH` or `host:NAME`. A
   * variable whose template fails is a problem placed where the variable was written.
   */
  keyOf(host: string, problems: ProblemList): string {
    for (const [name, prefix] of [
      [SHARD_UNIT_VAR, 'unit'],
      ['k3s_cluster_name', 'cluster'],
    ] as const) {
      const value = this.value(host, name, problems);
      if (value !== undefined) return `${prefix}:${value}`;
    }
    const file = this.inventory.magicVars(host).inventory_file;
    if (this.k3sHosts.has(host) && file !== null) return `file:${file}`;
    return `host:${host}`;
  }

  /** The variable rendered as text, undefined when it is not set (or could not be rendered). */
  private value(host: string, name: string, problems: ProblemList): string | undefined {
    const vars = this.inventory.hostVars(host);
    if (!Object.hasOwn(vars, name) && !Object.hasOwn(this.extraVars, name)) return undefined;
    const scope = Scope.EMPTY.with(vars, 'template')
      .with(this.extraVars, 'template')
      .with({ ...this.inventory.magicVars(host), groups: this.inventory.groupsMagicVar() }, 'data');
    try {
      const value = plainData(renderTemplate(`{{ ${name} }}`, scope));
      return typeof value === 'string' ? value : JSON.stringify(value);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      const pos = this.inventory.varOrigin(host, name);
      problems.add({
        code: error instanceof UndefinedVariableError ? 'UNDEFINED_VARIABLE' : 'TEMPLATE_SYNTAX',
        message: `${host}: ${name}, which --shard reads to keep hosts together, could not be rendered: ${error.message}`,
        ...(pos ? { pos } : {}),
        hint: 'shard units are decided before connecting: use inventory variables, -e extra vars, group_names and groups only',
      });
      return undefined;
    }
  }
}
