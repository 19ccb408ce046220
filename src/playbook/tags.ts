/**
 * Tag selection exactly as Ansible's `Taggable.evaluate_tags`: `--tags`/`--skip-tags` with the
 * special tags `all`, `always`, `never`, `tagged` and `untagged`. Tags are inherited: a task
 * carries its own, its blocks', its import's and its play's.
 */

/** The run's tag filter (`--tags` defaults to `all`). */
export interface TagFilter {
  only: readonly string[];
  skip: readonly string[];
}

/** The filter used when the user gave neither `--tags` nor `--skip-tags`. */
export const NO_TAG_FILTER: TagFilter = { only: ['all'], skip: [] };

/** Whether a task whose effective tags are `taskTags` runs under `filter`. */
export function selectedByTags(taskTags: readonly string[], filter: TagFilter): boolean {
  const tags = new Set(taskTags.length ? taskTags : ['untagged']);
  const untagged = tags.size === 1 && tags.has('untagged');
  const only = new Set(filter.only);
  const skip = new Set(filter.skip);
  let run = true;
  if (only.size) {
    if (tags.has('always')) run = true;
    else if (only.has('all') && !tags.has('never')) run = true;
    else if (intersects(tags, only)) run = true;
    else run = only.has('tagged') && !untagged && !tags.has('never');
  }
  if (run && skip.size) {
    if (skip.has('all')) run = tags.has('always') && !skip.has('always');
    else if (intersects(tags, skip)) run = false;
    else if (skip.has('tagged') && !untagged) run = false;
  }
  return run;
}

/** Inherited tags plus a task's own, deduplicated and sorted as `--list-tags` prints them. */
export function mergeTags(inherited: readonly string[], own: readonly string[] | undefined): string[] {
  return [...new Set([...inherited, ...(own ?? [])])].sort();
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}
