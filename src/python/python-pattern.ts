/**
 * Python `re` patterns, as playbooks written for Ansible contain them, translated for
 * JavaScript's RegExp: `(?P<name>…)`, `(?P=name)`, `\A`, `\Z` and leading inline flags. One
 * home for templates' regex filters and steps' `patterns`/`search_regex`.
 */

/** The RegExp source and flags for a Python pattern, or why it cannot be translated/compiled. */
export function translatePythonPattern(pattern: string, extraFlags = ''): { regex: RegExp } | { error: string } {
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
    return { regex: new RegExp(source, [...new Set(flags)].sort().join('')) };
  } catch (error) {
    return { error: (error as Error).message.replace(/^Invalid regular expression: /, '') };
  }
}
