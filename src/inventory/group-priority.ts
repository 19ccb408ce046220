/**
 * `ansible_group_priority` is not a variable: Ansible's `Group.set_variable` turns it into the
 * group's priority with Python's `int(value)`, whichever format the inventory is written in.
 */
import { parsePythonInt } from '../python/python-text.js';

/** Python's `int(value)` on an inventory value: integers, integral text, floats truncated, booleans. */
export function groupPriority(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === 'string') return parsePythonInt(value);
  return undefined;
}
