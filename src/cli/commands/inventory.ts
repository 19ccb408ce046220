/**
 * `certbook inventory`: the inventory as certbook resolved it, printed as ansible-inventory
 * prints it (`--list` and `--host` JSON byte for byte, `--graph` text), or as YAML.
 */
import { ProblemList } from '../../errors/problem.js';
import { formatInventoryJson, inventoryGraph, inventoryHost, inventoryList } from '../../inventory/ansible-output.js';
import { loadInventory } from '../../inventory/load-inventory.js';
import type { InventoryOptions } from '../args/inventory-spec.js';
import { EXIT } from '../exit-codes.js';
import { dumpYaml, yamlInventoryFromList } from '../inventory-yaml.js';
import { type CliIo, loaderPath } from '../io.js';
import { printOptionProblems, printWarnings } from '../print-problems.js';

/** Prints the inventory; load problems throw LoadFailed (exit 4), a bad HOST or GROUP exits 5. */
export function inventoryCommand(options: InventoryOptions, io: CliIo): number {
  const problems = new ProblemList();
  const inventory = loadInventory(
    options.inventory.map((s) => loaderPath(io, s)),
    problems,
    options.playbookDir === undefined ? {} : { playbookDir: loaderPath(io, options.playbookDir) },
  );
  printWarnings(io.stderr, inventory.warnings);
  problems.throwIfAny();
  const action = options.action;
  // A HOST or GROUP that is not in the inventory is a bad command-line value, as in ansible-inventory.
  const wrong = new ProblemList();
  let text: string | undefined;
  if (action.kind === 'list') {
    const list = inventoryList(inventory);
    text = options.yaml ? dumpYaml(yamlInventoryFromList(list)) : formatInventoryJson(list);
  } else if (action.kind === 'host') {
    const vars = inventoryHost(inventory, action.host, wrong);
    if (vars) text = options.yaml ? dumpYaml(vars) : formatInventoryJson(vars);
  } else {
    text = inventoryGraph(inventory, { ...(action.group === undefined ? {} : { group: action.group }), vars: options.vars }, wrong);
  }
  if (text === undefined) {
    printOptionProblems(io.stderr, wrong.items, 'inventory');
    return EXIT.BAD_OPTIONS;
  }
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return EXIT.OK;
}
