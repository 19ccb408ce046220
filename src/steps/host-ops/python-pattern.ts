/**
 * What a Python `re` match registers in Ansible's steps (`wait_for search_regex`). Patterns
 * themselves are translated by src/python/python-pattern.ts.
 */
/** `re.search` results as Ansible registers them: positional and named groups. */
export function matchGroups(match: RegExpExecArray): { match_groups: (string | null)[]; match_groupdict: Record<string, string | null> } {
  const groupdict: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(match.groups ?? {})) groupdict[name] = value ?? null;
  return { match_groups: match.slice(1).map((g) => g ?? null), match_groupdict: groupdict };
}
