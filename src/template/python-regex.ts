/**
 * Python `re` patterns and replacement templates, translated for JavaScript's RegExp:
 * `(?P<name>…)`, `(?P=name)`, `\A`, `\Z`, leading inline flags, and `\1` / `\g<name>` in
 * replacements. Compiled patterns are cached (the same pattern runs for every host).
 * Every match runs with a time limit (src/python/bounded-regex.ts): a catastrophically
 * backtracking pattern fails its task with a clear error instead of holding the run (and its
 * SIGTERM handler) for minutes, as it would in Ansible.
 */

import {
  boundedExec,
  boundedMatchAll,
  boundedSub,
  type RegexMatch,
  RegexTimeLimitError,
  UnknownGroupError,
} from '../python/bounded-regex.js';
import { translatePythonPattern } from '../python/python-pattern.js';
import { TemplateError, TemplateLimitError } from './errors.js';
import { LruCache } from './lru.js';

const cache = new LruCache<string, RegExp>(512);

/** Compiles a Python pattern with Python-style flags (`i`, `m`, `s`); `g` is added for global use. */
export function pythonRegex(pattern: string, flags: { ignorecase?: boolean; multiline?: boolean; global?: boolean } = {}): RegExp {
  const wanted = `${flags.ignorecase ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.global ? 'g' : ''}`;
  const key = `${wanted}/${pattern}`;
  const cached = cache.get(key);
  if (cached) {
    cached.lastIndex = 0;
    return cached;
  }
  const compiled = translatePythonPattern(pattern, wanted);
  if ('error' in compiled) {
    throw new TemplateError(
      compiled.error.startsWith('verbose') ? `regex: ${compiled.error}` : `invalid regular expression: ${compiled.error}`,
    );
  }
  cache.set(key, compiled.regex);
  return compiled.regex;
}

type Piece = string | number | { name: string };

/** Parses a Python replacement template (`\1`, `\g<1>`, `\g<name>`, `\n`, `\\`). */
function parseReplacement(template: string): Piece[] {
  const pieces: Piece[] = [];
  let literal = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if (ch !== '\\' || i + 1 >= template.length) {
      literal += ch;
      continue;
    }
    const next = template[i + 1]!;
    const group = /^\\(\d{1,2})|^\\g<(\w+)>/.exec(template.slice(i));
    if (group) {
      if (literal) pieces.push(literal);
      literal = '';
      const ref = group[1] ?? group[2]!;
      pieces.push(/^\d+$/.test(ref) ? Number(ref) : { name: ref });
      i += group[0].length - 1;
      continue;
    }
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', f: '\f', v: '\v', a: '\x07', b: '\b' };
    literal += escapes[next] ?? `\\${next}`;
    i++;
  }
  if (literal) pieces.push(literal);
  return pieces;
}

/** `re.sub(pattern, replacement, text, count)`: count 0 replaces every match. */
export function pythonSub(regex: RegExp, replacement: string, text: string, count = 0): string {
  const pieces = parseReplacement(replacement);
  return bounded('regex_replace', () => {
    try {
      return boundedSub(regex, pieces, text, count);
    } catch (error) {
      if (error instanceof UnknownGroupError) throw new TemplateError(`regex_replace: ${error.message}`);
      throw error;
    }
  });
}

/** The first match of `regex` in `text` (`re.search`), or null; `what` names the filter or test in errors. */
export function pythonSearch(regex: RegExp, text: string, what: string): RegexMatch | null {
  return bounded(what, () => boundedExec(regex, text));
}

/** Every match of `regex` in `text`, each as the match followed by its groups. */
export function pythonMatchAll(regex: RegExp, text: string, what: string): Array<Array<string | undefined>> {
  return bounded(what, () => boundedMatchAll(regex, text));
}

/** A regex that ran out of time fails the task that used it, saying which filter and why. */
function bounded<T>(what: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RegexTimeLimitError) throw new TemplateLimitError('regexTimeMs', `${what}: ${error.message}`);
    throw error;
  }
}

/** Python's `re.escape`. */
export function pythonEscape(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, (c) => (c.charCodeAt(0) < 128 ? `\\${c}` : c));
}
