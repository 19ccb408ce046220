/**
 * What `loop:` must render to: a list. Anything else fails the task with ansible-core 2.14's
 * sentence, the value written as Python's `str()` (a dict as `{'a': 1}`, never
 * `[object Object]`). Ansible's hint is about its lookup plugins, which certbook does not
 * have; a mapping gets the hint that helps instead (`dict2items`).
 */

import { pythonStr } from '../python/python-values.js';
import { plainData } from '../template/mark-unsafe.js';
import { isMapping } from '../template/values.js';

/** The failure message for a rendered `loop:` value that is not a list, or undefined for a list. */
export function loopItemsError(items: unknown): string | undefined {
  if (Array.isArray(items)) return undefined;
  const shown = pythonStr(plainData(items, true));
  const hint = isMapping(items)
    ? '. Hint: to loop over a dict, use `loop: "{{ your_dict | dict2items }}"` and `item.key`/`item.value`'
    : '';
  return `Invalid data passed to 'loop', it requires a list, got this instead: ${shown}${hint}`;
}
