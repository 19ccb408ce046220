/**
 * One YAML inventory file into the inventory data, following ansible-core's `yaml` inventory
 * plugin step by step (top-level keys are groups; each group has `hosts`, `children` and
 * `vars`; a string where a section mapping belongs names one entry). Where Ansible warns and
 * skips (a group that is not a mapping, an unknown key) or gives up on the whole file (a list
 * of hosts), certbook records a positioned problem and keeps reading, so one pass shows every
 * mistake.
 */

import type { Problem, ProblemList } from '../errors/problem.js';
import { didYouMean } from '../errors/suggest.js';
import type { SourceFile } from '../yaml/source-file.js';
import { groupPriority } from './group-priority.js';
import { parseAddress } from './host-address.js';
import { expandHostRange, hasRange } from './host-range.js';
import { setHostVars } from './host-var-target.js';
import type { InventoryData } from './inventory-data.js';
import { groupNameWarning } from './names.js';
import { deepFreeze, describe, positioned, readVarsNode } from './vars-mapping.js';
import { deref, isMapNode, isNullNode, isStringNode, mapEntries, plainValue } from './yaml-map.js';

const SECTIONS = ['hosts', 'children', 'vars'] as const;

/** What the parser writes into and reports to. */
export interface InventoryParseContext {
  data: InventoryData;
  problems: ProblemList;
  warnings: Problem[];
  /** The absolute path of the file (becomes each new host's `inventory_file`). */
  sourcePath: string;
}

interface FileContext extends InventoryParseContext {
  source: SourceFile;
}

/** Reads a parsed YAML inventory file into `ctx.data`. */
export function parseYamlInventory(source: SourceFile, ctx: InventoryParseContext): void {
  const whole = source.toJS(ctx.problems);
  if (whole === undefined) return;
  const root = source.doc.contents;
  const fc: FileContext = { ...ctx, source };
  if (!checkRoot(fc, root, whole)) return;
  for (const entry of mapEntries(source, root)) {
    if (typeof entry.key === 'string' && (SECTIONS as readonly string[]).includes(entry.key)) {
      ctx.problems.add(
        source.problemAt(
          entry.keyNode,
          'INVENTORY_SHAPE',
          `top-level \`${entry.key}\` would be read as a group named "${entry.key}"`,
          `top-level keys are groups; put \`${entry.key}:\` under \`all:\` or under a group`,
        ),
      );
      continue;
    }
    parseGroup(fc, entry.key, entry.keyNode, entry.valueNode);
  }
}

function checkRoot(fc: FileContext, root: unknown, whole: unknown): boolean {
  const { source, problems } = fc;
  if (isNullNode(source, root) || (isMapNode(source, root) && mapEntries(source, root).length === 0)) {
    problems.add(
      source.problemAt(root, 'INVENTORY_SHAPE', 'the inventory file is empty', 'start it with `all:` and list hosts under `hosts:`'),
    );
    return false;
  }
  if (!isMapNode(source, root)) {
    problems.add(
      source.problemAt(
        root,
        'INVENTORY_SHAPE',
        `a YAML inventory must be a mapping of group names, got ${describe(whole)}`,
        'start it with `all:` and list hosts under `hosts:`',
      ),
    );
    return false;
  }
  const top = whole as Record<string, unknown>;
  if (top.plugin) {
    problems.add(
      source.problemAt(
        keyNode(source, root, 'plugin'),
        'INVENTORY_FORMAT',
        'this is an inventory plugin configuration, not a YAML inventory',
        'inventory plugins are not supported; generate a static inventory with `ansible-inventory -i FILE --list -y`',
      ),
    );
    return false;
  }
  if ('_meta' in top) {
    problems.add(
      source.problemAt(
        keyNode(source, root, '_meta'),
        'INVENTORY_FORMAT',
        'this is `ansible-inventory --list` output (the script format), not a YAML inventory',
        'write the inventory with `ansible-inventory -i SOURCE --list -y` instead',
      ),
    );
    return false;
  }
  return true;
}

function keyNode(source: SourceFile, map: unknown, key: string): unknown {
  return mapEntries(source, map).find((e) => e.key === key)?.keyNode ?? map;
}

/** Ansible's `_parse_group`; returns the group name when the group exists afterwards. */
function parseGroup(fc: FileContext, name: unknown, nameNode: unknown, valueNode: unknown): string | undefined {
  const { source, problems, data } = fc;
  if (typeof name !== 'string' || name === '') {
    problems.add(
      source.problemAt(nameNode, 'INVALID_NAME', `a group name must be a non-empty string, got ${describe(name)}`, 'quote the name'),
    );
    return undefined;
  }
  const value = deref(source, valueNode);
  if (!isNullNode(source, value) && !isMapNode(source, value)) {
    problems.add(
      source.problemAt(
        value,
        'INVENTORY_SHAPE',
        `group \`${name}\` must be a mapping with \`hosts\`, \`children\` or \`vars\`, got ${describe(plainValue(source, value))}`,
        isStringNode(source, value)
          ? `to put host \`${String(plainValue(source, value))}\` in it, write \`hosts:\` and the host name under it, followed by a colon`
          : 'leave it empty or give it `hosts:`, `children:` or `vars:`',
      ),
    );
    return data.groups.has(name) ? name : undefined;
  }
  if (!data.groups.has(name)) {
    const pos = source.positionOf(nameNode);
    data.addGroup(name, pos);
    const warning = groupNameWarning(name);
    if (warning) fc.warnings.push(source.problemAt(nameNode, 'INVALID_NAME', warning.message, warning.hint));
  }
  for (const entry of mapEntries(source, value)) parseSection(fc, name, entry.key, entry.keyNode, entry.valueNode);
  return name;
}

function parseSection(fc: FileContext, group: string, key: unknown, keyNode: unknown, valueNode: unknown): void {
  const { source, problems } = fc;
  const section = typeof key === 'string' ? key : String(key);
  if (!(SECTIONS as readonly string[]).includes(section)) {
    problems.add(
      source.problemAt(
        keyNode,
        'INVENTORY_SHAPE',
        `group \`${group}\` has an unknown key \`${section}\``,
        didYouMean(section, SECTIONS) ?? 'a group may only have `hosts`, `children` and `vars`',
      ),
    );
    return;
  }
  const value = deref(source, valueNode);
  if (isNullNode(source, value)) return;
  if (isStringNode(source, value)) {
    // Ansible reads `hosts: web1` as `hosts: {web1: }` (and the same for children and vars).
    sectionEntry(fc, group, section, plainValue(source, value), value, null);
    return;
  }
  if (!isMapNode(source, value)) {
    problems.add(
      source.problemAt(
        value,
        'INVENTORY_SHAPE',
        `\`${section}\` of group \`${group}\` must be a mapping, got ${describe(plainValue(source, value))}`,
        section === 'vars'
          ? 'write one `name: value` per line'
          : `write each ${section === 'hosts' ? 'host' : 'group'} as a key followed by a colon, not as a list item`,
      ),
    );
    return;
  }
  if (section === 'vars') {
    setGroupVars(fc, group, value);
    return;
  }
  for (const entry of mapEntries(source, value)) sectionEntry(fc, group, section, entry.key, entry.keyNode, entry.valueNode);
}

function sectionEntry(fc: FileContext, group: string, section: string, key: unknown, keyNode: unknown, valueNode: unknown): void {
  if (section === 'hosts') addHosts(fc, group, key, keyNode, valueNode);
  else if (section === 'children') addChildGroup(fc, group, key, keyNode, valueNode);
  else setGroupVar(fc, group, key, keyNode, valueNode);
}

function addChildGroup(fc: FileContext, group: string, key: unknown, keyNode: unknown, valueNode: unknown): void {
  const { source, problems, data } = fc;
  if (key === 'all') {
    problems.add(
      source.problemAt(keyNode, 'GROUP_CYCLE', `group \`all\` cannot be a child of \`${group}\``, '`all` already contains every group'),
    );
    return;
  }
  const child = parseGroup(fc, key, keyNode, valueNode);
  if (child === undefined) return;
  const result = data.addChild(group, child);
  if (!result.ok) {
    const loop = result.loop.map((g) => `\`${g}\``).join(' contains ');
    problems.add(
      source.problemAt(
        keyNode,
        'GROUP_CYCLE',
        `making \`${child}\` a child of \`${group}\` closes a loop: ${loop}`,
        'remove one of these children entries',
      ),
    );
  }
}

function addHosts(fc: FileContext, group: string, key: unknown, keyNode: unknown, valueNode: unknown): void {
  const { source, problems, data } = fc;
  if (typeof key !== 'string' || key === '') {
    problems.add(
      source.problemAt(
        keyNode,
        'INVALID_NAME',
        `a host name must be a non-empty string, got ${describe(key)}`,
        'quote it (numbers and booleans are not host names)',
      ),
    );
    return;
  }
  const value = deref(source, valueNode);
  const hasVars = !isNullNode(source, value);
  if (hasVars && !isMapNode(source, value)) {
    problems.add(
      source.problemAt(
        value,
        'INVENTORY_SHAPE',
        `host \`${key}\` must be followed by a mapping of its variables or by nothing, got ${describe(plainValue(source, value))}`,
        'write `name: value` lines under the host, or leave it empty',
      ),
    );
    return;
  }
  const address = parseAddress(key, true);
  const pattern = address?.host ?? key;
  const expanded = hasRange(pattern) ? expandHostRange(pattern) : { hosts: [pattern] };
  if ('error' in expanded) {
    problems.add(
      source.problemAt(
        keyNode,
        'BAD_HOST_RANGE',
        expanded.error,
        expanded.hint ?? 'a range looks like `web[01:10]`, `db-[a:c]` or `node[1:9:2]`',
      ),
    );
    return;
  }
  const vars = hasVars ? readVarsNode(source, value, problems) : [];
  const pos = source.positionOf(keyNode);
  const line = source.lines[pos.line - 1] ?? '';
  for (const host of expanded.hosts) {
    const record = data.addHost(host, group, address?.port, { source: fc.sourcePath, pos, line });
    setHostVars(data, record, vars, fc.warnings, problems);
  }
}

function setGroupVars(fc: FileContext, group: string, node: unknown): void {
  for (const entry of mapEntries(fc.source, node)) setGroupVar(fc, group, entry.key, entry.keyNode, entry.valueNode);
}

function setGroupVar(fc: FileContext, group: string, key: unknown, keyNode: unknown, valueNode: unknown): void {
  const { source, problems, data } = fc;
  if (typeof key !== 'string' || key === '') {
    problems.add(
      source.problemAt(keyNode, 'INVALID_NAME', `a variable name must be a non-empty string, got ${describe(key)}`, 'quote the name'),
    );
    return;
  }
  const record = data.groups.get(group)!;
  const value = plainValue(source, valueNode);
  if (key === 'ansible_group_priority') {
    const priority = groupPriority(value);
    if (priority === undefined) {
      problems.add(
        source.problemAt(
          valueNode ?? keyNode,
          'WRONG_TYPE',
          `\`ansible_group_priority\` of group \`${group}\` must be an integer, got ${describe(value)}`,
          'use a whole number such as 10',
        ),
      );
    } else {
      record.priority = priority;
    }
    return;
  }
  record.vars.set(key, positioned(source, keyNode, deepFreeze(value)));
}
