/**
 * Group-name checks. Ansible (with its default `TRANSFORM_INVALID_GROUP_CHARS=never`) keeps a
 * group name such as `web-servers` as written and warns, because such a name cannot be used
 * as a variable name (`groups.web-servers` is a subtraction in a template). certbook does the
 * same: the name is accepted and a warning is recorded.
 */

// Ansible's INVALID_VARIABLE_NAMES: `^[\d\W]|[^\w]` on Unicode text.
const INVALID_GROUP_CHARS = /^\p{Nd}|[^\p{L}\p{N}_]/u;
const INVALID_GROUP_CHARS_ALL = /^\p{Nd}|[^\p{L}\p{N}_]/gu;

/** A warning for a group name Ansible warns about, or undefined for a clean name. */
export function groupNameWarning(name: string): { message: string; hint: string } | undefined {
  if (!INVALID_GROUP_CHARS.test(name)) return undefined;
  const bad = [...new Set(name.match(/[^\p{L}\p{N}_]/gu) ?? [])];
  const what = bad.length > 0 ? `contains ${bad.map((c) => `\`${c}\``).join(', ')}` : 'starts with a digit';
  return {
    message: `group name \`${name}\` ${what}; Ansible accepts it with a warning`,
    hint: `use letters, digits and underscores, not starting with a digit (such as \`${name.replace(INVALID_GROUP_CHARS_ALL, '_')}\`), so the name also works in templates`,
  };
}
