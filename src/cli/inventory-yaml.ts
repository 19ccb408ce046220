/**
 * `certbook inventory --list --yaml`: the inventory in Ansible's YAML inventory format, built
 * from the `--list` (inventory script) object the way ansible-inventory 2.14's
 * `yaml_inventory` builds it: groups nest under their parents, each host's variables are
 * written at its first appearance (depth first, child groups before hosts) and `{}` after
 * that, empty `children`/`hosts` are left out, and keys are sorted as PyYAML sorts them.
 * The YAML means the same as Ansible's; quoting and line folding may differ.
 */
import { stringify } from 'yaml';
import { pyYamlFloatWriter } from '../yaml/python-number-tags.js';

type ListEntry = { hosts?: string[]; children?: string[] };

/** The YAML inventory object for an `ansible-inventory --list` object. */
export function yamlInventoryFromList(list: Record<string, unknown>): Record<string, unknown> {
  const meta = list._meta as { hostvars?: Record<string, Record<string, unknown>> } | undefined;
  const hostvars = meta?.hostvars ?? {};
  const seen = new Set<string>();
  const formatGroup = (name: string, path: readonly string[]): Record<string, unknown> => {
    const entry = (Object.hasOwn(list, name) ? list[name] : {}) as ListEntry;
    const result: Record<string, unknown> = {};
    const children: Record<string, unknown> = {};
    for (const child of entry.children ?? []) {
      // A group cycle cannot come out of a valid inventory; guard anyway rather than recurse forever.
      if (child !== 'all' && !path.includes(child)) children[child] = formatGroup(child, [...path, child]);
    }
    if (Object.keys(children).length > 0) result.children = children;
    const hosts: Record<string, unknown> = {};
    for (const host of name === 'all' ? [] : (entry.hosts ?? [])) {
      hosts[host] = seen.has(host) ? {} : { ...(hostvars[host] ?? {}) };
      seen.add(host);
    }
    if (Object.keys(hosts).length > 0) result.hosts = hosts;
    return result;
  };
  return { all: formatGroup('all', ['all']) };
}

/** YAML text as `yaml.dump(default_flow_style=False, allow_unicode=True)` would print it: block style, sorted keys. */
export function dumpYaml(value: unknown): string {
  return stringify(value, { sortMapEntries: true, version: '1.1', indentSeq: false, singleQuote: true, customTags: [pyYamlFloatWriter] });
}
