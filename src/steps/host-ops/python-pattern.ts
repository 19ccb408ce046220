/**
 * Python `re` patterns, as playbooks written for Ansible contain them, compiled to JavaScript
 * RegExps: `(?P<name>…)`, `(?P=name)`, `\A`, `\Z` and leading inline flags are translated.
 * (The template layer has its own copy for filters; steps sit below it and do not import it.)
 */

/** The compiled pattern, or why it does not compile. */
export function compilePythonPattern(pattern: string, extraFlags = ''): { regex: RegExp } | { error: string } {
  let body = pattern;
  let flags = extraFlags;
  const lead = /^\(\?([aiLmsux]+)\)/.exec(body);
  if (lead) {
    if (lead[1]!.includes('x')) return { error: 'verbose (?x) patterns are not supported' };
    flags += lead[1]!.replace(/[aLu]/g, '');
    body = body.slice(lead[0].length);
  }
  const source = body
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/(^|[^\\])\\A/g, '$1(?<![\\s\\S])')
    .replace(/(^|[^\\])\\Z/g, '$1(?![\\s\\S])');
  try {
    return { regex: new RegExp(source, [...new Set(flags)].join('')) };
  } catch (error) {
    return { error: (error as Error).message.replace(/^Invalid regular expression: /, '') };
  }
}

/** `re.search` results as Ansible registers them: positional and named groups. */
export function matchGroups(match: RegExpExecArray): { match_groups: (string | null)[]; match_groupdict: Record<string, string | null> } {
  const groupdict: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(match.groups ?? {})) groupdict[name] = value ?? null;
  return { match_groups: match.slice(1).map((g) => g ?? null), match_groupdict: groupdict };
}
