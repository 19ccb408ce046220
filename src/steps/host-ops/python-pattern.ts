/**
 * What a Python `re` match registers in Ansible's steps (`wait_for search_regex`). Patterns
 * themselves are translated by src/python/python-pattern.ts; matching has a time limit
 * (src/python/bounded-regex.ts), as the text searched comes from the host.
 */
import { boundedExec, type RegexMatch, RegexTimeLimitError } from '../../python/bounded-regex.js';

/** Registered groups of a match, as Ansible's: positional and named. */
export type MatchGroups = { match_groups: (string | null)[]; match_groupdict: Record<string, string | null> };

/** `re.search` results as Ansible registers them: positional and named groups. */
export function matchGroups(match: RegexMatch): MatchGroups {
  const groupdict: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(match.groups ?? {})) groupdict[name] = value ?? null;
  return { match_groups: match.all.slice(1).map((g) => g ?? null), match_groupdict: groupdict };
}

/**
 * `re.search(regex, text)` within the time limit: the groups of the first match, null when
 * there is none, or `{ error }` when the search ran out of time (it would never end sooner).
 */
export function searchGroups(regex: RegExp, text: string): MatchGroups | null | { error: string } {
  try {
    const match = boundedExec(regex, text);
    return match && matchGroups(match);
  } catch (error) {
    if (error instanceof RegexTimeLimitError) return { error: `search_regex: ${error.message}` };
    throw error;
  }
}
