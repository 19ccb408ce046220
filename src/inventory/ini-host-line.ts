/**
 * One host line of an INI inventory (`web[01:03]:2222 ansible_user=admin tier="'01'"`), read as
 * ansible-core's INI plugin reads it: `shlex` splits the line (so `#` starts a comment and
 * quotes are removed), the first word is a host pattern with an optional `:port` and ranges,
 * and every other word must be `key=value`, whose value goes through `literal_eval`.
 */

import type { ProblemCode } from '../errors/codes.js';
import type { Problem, ProblemList, SourcePosition } from '../errors/problem.js';
import { parseAddress } from './host-address.js';
import { expandHostRange, hasRange } from './host-range.js';
import { pyStrip } from './ini-text.js';
import type { VarEntry } from './inventory-data.js';
import { literalEval } from './python-literal.js';
import { shlexSplit } from './python-shlex.js';
import { deepFreeze } from './vars-mapping.js';

/** Where a line is: for positions and for quoting it in problems. */
export interface IniLine {
  file: string;
  /** 1-based, counted as Python's `splitlines()` counts. */
  number: number;
  /** The line as written. */
  raw: string;
}

/** The hosts a host line names, their port, and the variables it sets on each. */
export interface HostDefinition {
  hosts: string[];
  port?: number;
  pos: SourcePosition;
  vars: Array<[string, VarEntry]>;
}

/** A problem at `col` (1-based, in the raw line) of `line`. */
export function lineProblem(line: IniLine, col: number, code: ProblemCode, message: string, hint?: string): Problem {
  const problem: Problem = { code, message, pos: { file: line.file, line: line.number, col }, sourceLine: line.raw };
  if (hint) problem.hint = hint;
  return problem;
}

/**
 * Reads a host line (already stripped; `offset` is what the strip removed in front). Problems go
 * to `problems`; a line with any problem defines no host, so one mistake is reported once.
 */
export function parseHostLine(text: string, offset: number, line: IniLine, problems: ProblemList): HostDefinition | undefined {
  const split = shlexSplit(text);
  if ('error' in split) {
    problems.add(
      lineProblem(
        line,
        offset + 1,
        'INVENTORY_SHAPE',
        `this host line cannot be split into words: ${split.error}`,
        'close the quote, or escape the character with a backslash',
      ),
    );
    return undefined;
  }
  const [first, ...rest] = split.tokens;
  if (!first) return undefined;
  const before = problems.items.length;
  const col = offset + first.start + 1;
  const pattern = first.text;
  const address = parseAddress(pattern, true);
  const hostPattern = address?.host ?? pattern;
  if (address?.port === undefined && pyStrip(pattern).text.endsWith(':')) {
    problems.add(
      lineProblem(
        line,
        col,
        'INVENTORY_SHAPE',
        `host \`${pattern}\` ends in \`:\`, which is reserved for a port`,
        'write the port after the colon (`host:2222`), or remove the colon',
      ),
    );
  }
  const hosts = hostsOf(hostPattern, line, col, problems);
  const vars: Array<[string, VarEntry]> = [];
  for (const token of rest) {
    const at = offset + token.start + 1;
    const eq = token.text.indexOf('=');
    if (eq < 0 && token.text.startsWith(';')) {
      // One problem for the whole would-be comment, not one per word of it.
      problems.add(
        lineProblem(
          line,
          at,
          'INVENTORY_SHAPE',
          '`;` after a host does not start a comment',
          '`;` starts a comment only at the beginning of a line; after a host, use `#`',
        ),
      );
      break;
    }
    if (eq < 0) {
      // The word is not named: it may be the rest of a password that held a space.
      problems.add(
        lineProblem(
          line,
          at,
          'INVENTORY_SHAPE',
          'this word after the host name is not a `key=value` pair',
          'quote a value that contains spaces (`key="a b"`), and use `#` for comments',
        ),
      );
      continue;
    }
    const key = token.text.slice(0, eq);
    const pos = { file: line.file, line: line.number, col: at };
    const value = parseIniValue(key, token.text.slice(eq + 1), line, at, problems);
    if (value.ok) vars.push([key, { value: value.value, origin: pos, line: line.raw }]);
  }
  if (problems.items.length !== before) return undefined;
  const definition: HostDefinition = { hosts, pos: { file: line.file, line: line.number, col }, vars };
  if (address?.port !== undefined) definition.port = address.port;
  return definition;
}

function hostsOf(pattern: string, line: IniLine, col: number, problems: ProblemList): string[] {
  const expanded = hasRange(pattern) ? expandHostRange(pattern) : { hosts: [pattern] };
  if ('error' in expanded) {
    problems.add(
      lineProblem(
        line,
        col,
        'BAD_HOST_RANGE',
        expanded.error,
        expanded.hint ?? 'a range looks like `web[01:10]`, `db-[a:c]` or `node[1:9:2]`',
      ),
    );
    return [];
  }
  for (const host of expanded.hosts) {
    if (host === '') {
      problems.add(lineProblem(line, col, 'INVALID_NAME', 'a host name cannot be empty', 'remove the empty quotes'));
    } else if (pyStrip(host).text === '---') {
      problems.add(
        lineProblem(
          line,
          col,
          'INVENTORY_SHAPE',
          '`---` is not a host name; it starts a YAML document',
          'this looks like a YAML inventory that does not parse; fix the YAML (or give the file a .yml extension to see its YAML errors)',
        ),
      );
    }
  }
  return expanded.hosts;
}

/** A value as the INI plugin's `_parse_value` makes it; problems for what certbook cannot hold. */
export function parseIniValue(
  name: string,
  text: string,
  line: IniLine,
  col: number,
  problems: ProblemList,
): { ok: true; value: unknown } | { ok: false } {
  if (name === '') {
    problems.add(lineProblem(line, col, 'INVALID_NAME', 'a variable name cannot be empty', 'write `name=value`'));
    return { ok: false };
  }
  const result = literalEval(text);
  switch (result.kind) {
    case 'value':
      return { ok: true, value: deepFreeze(result.value) };
    case 'text':
      return { ok: true, value: text };
    case 'unsupported':
      problems.add(
        lineProblem(
          line,
          col,
          'WRONG_TYPE',
          `the value of \`${name}\` reads as a Python literal that certbook cannot hold: ${result.what}`,
          `to keep the text, quote it twice: ${name}="'…'"; otherwise write a string, number, list or dict`,
        ),
      );
      return { ok: false };
    case 'error':
      problems.add(
        lineProblem(
          line,
          col,
          'WRONG_TYPE',
          `the value of \`${name}\` makes Ansible fail: ${result.message}`,
          'dict keys and set items must be strings, numbers or tuples of them',
        ),
      );
      return { ok: false };
  }
}
