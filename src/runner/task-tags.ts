/**
 * Tags written as templates (`tags: ["{{ component }}"]`), rendered before the tag filter is
 * applied, as ansible-core's `Taggable.evaluate_tags` does: with the play's variables, the
 * enclosing blocks' and the task's `vars` and the extra vars — never host variables, since
 * one decision holds for every host of the task. A rendered list adds each of its items; a
 * rendered string splits on commas, as a written one does.
 */
import { pythonStr } from '../python/python-values.js';
import { TemplateError } from '../template/errors.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderTemplate } from '../template/render.js';
import { Scope } from '../template/scope.js';

/**
 * `tags` with every template rendered in the scope `scopeOf` builds (only when a tag is a
 * template: most tasks have none, and this runs for every task); a tag that cannot be rendered
 * is reported through `warn` and kept as written.
 */
export function renderTags(tags: readonly string[], scopeOf: () => Scope, warn: (message: string) => void): string[] {
  if (!tags.some((t) => t.includes('{{'))) return [...tags];
  const scope = scopeOf();
  const out = new Set<string>();
  for (const tag of tags) {
    if (!tag.includes('{{')) {
      out.add(tag);
      continue;
    }
    try {
      const value = plainData(renderTemplate(tag, scope));
      const items = Array.isArray(value) ? value.map(pythonStr) : pythonStr(value).split(',');
      for (const item of items) if (item.trim()) out.add(item.trim());
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      warn(`the tag ${JSON.stringify(tag)} cannot be rendered (${error.message}); it is matched as written`);
      out.add(tag);
    }
  }
  return [...out].sort();
}

/** The variables tags are rendered with: play vars, then block/task vars, then extra vars. */
export function tagScope(
  playVars: Readonly<Record<string, unknown>>,
  taskVars: ReadonlyArray<Record<string, unknown>>,
  extraVars: Readonly<Record<string, unknown>>,
): Scope {
  let scope = Scope.EMPTY.with(playVars, 'template');
  for (const vars of taskVars) scope = scope.with(vars, 'template');
  return scope.with(extraVars, 'template');
}
