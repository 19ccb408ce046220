/**
 * Host patterns (a play's `hosts:`, `--limit`), evaluated as ansible-core's
 * `InventoryManager` evaluates them:
 *
 * - split on `,` (or, without commas, on `:` unless the whole text is one address such as
 *   `web[1:3]` or `host:22`); whitespace around parts is dropped;
 * - plain parts first (a union, in order), then `&` parts (intersections), then `!` parts
 *   (exclusions); with no plain part, `all` is assumed;
 * - each part is an exact host name, or else a glob (`web*`, `*.example.com`) or `~regex`
 *   matched against group names (the group's hosts) and, when no group matched or the part is
 *   a glob or regex, against host names; a part may end in a subscript (`web[0]`, `web[1:3]`,
 *   `web[2:]`, `web[-1]`) that picks from what it matched;
 * - `localhost` (or `127.0.0.1`, `::1`) not in the inventory is the implicit localhost.
 *
 * Hosts come out in inventory order without duplicates. Where Ansible only warns ("Could not
 * match supplied host pattern, ignoring"), certbook records NO_HOSTS_MATCHED: a typo in
 * `hosts:` must not quietly run a play on fewer machines. A play whose `hosts:` names only
 * groups that exist but are empty is no typo (a k3s cluster without agents): it is skipped
 * ("skipping: no hosts matched"), as in Ansible.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ProblemCode } from '../errors/codes.js';
import { fileProblem } from '../errors/fs-error-text.js';
import type { Problem, ProblemList } from '../errors/problem.js';
import { didYouMean } from '../errors/suggest.js';
import type { SourceFile } from '../yaml/source-file.js';
import { parseAddress } from './host-address.js';
import { type Inventory, LOCALHOST_NAMES } from './inventory.js';
import { globToRegExp } from './python-fnmatch.js';

/** Where a pattern was written, so its problems point at that line. */
export interface PatternSite {
  source: SourceFile;
  node: unknown;
}

/** Splits a pattern into its parts as Ansible's `split_host_pattern` does. */
export function splitHostPattern(pattern: string | readonly string[]): string[] {
  if (typeof pattern !== 'string') return pattern.flatMap((p) => splitHostPattern(p));
  let parts: string[];
  if (pattern.includes(',')) parts = pattern.split(',');
  else if (parseAddress(pattern, true)) parts = [pattern];
  else parts = pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? [];
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Plain parts, then `&` parts, then `!` parts (Ansible's `order_patterns`). */
export function orderPatterns(parts: readonly string[]): string[] {
  const plain = parts.filter((p) => p && p[0] !== '!' && p[0] !== '&');
  const and = parts.filter((p) => p[0] === '&');
  const not = parts.filter((p) => p[0] === '!');
  return [...(plain.length > 0 ? plain : ['all']), ...and, ...not];
}

/**
 * The hosts a pattern selects, in inventory order. Parts that match nothing, bad regexes and
 * out-of-range subscripts are problems; so is a pattern that selects no host at all.
 */
export function selectHosts(inventory: Inventory, pattern: string | readonly string[], problems: ProblemList, at?: PatternSite): string[] {
  const parts = splitHostPattern(pattern);
  const shown = typeof pattern === 'string' ? pattern : pattern.join(',');
  if (parts.length === 0) {
    problems.add(problem(at, 'BAD_HOST_PATTERN', 'the host pattern is empty', 'name a group, a host, or `all`'));
    return [];
  }
  if (parts.every((p) => inventory.hasGroup(p) && !inventory.has(p))) {
    return evaluatePatterns(inventory, parts, (code, message, hint) => problems.add(problem(at, code, message, hint)));
  }
  return evaluateReporting(inventory, parts, shown, problems, at);
}

/** Options for `limitHosts`. */
export interface LimitOptions {
  /** Where `@file` paths are resolved from (default: the working directory). */
  cwd?: string;
  at?: PatternSite;
}

/**
 * Keeps the hosts that `limit` (a `--limit` value) selects, in the order given. `@file` parts
 * name a file with one pattern per line, as in Ansible. An empty limit keeps every host.
 */
export function limitHosts(
  hosts: readonly string[],
  limit: string,
  inventory: Inventory,
  problems: ProblemList,
  options: LimitOptions = {},
): string[] {
  const parts: string[] = [];
  for (const part of splitHostPattern(limit)) {
    if (part[0] !== '@') {
      parts.push(part);
      continue;
    }
    const lines = readLimitFile(resolve(options.cwd ?? process.cwd(), part.slice(1)), part.slice(1), problems);
    if (lines) parts.push(...lines);
  }
  if (parts.length === 0) return [...hosts];
  const allowed = new Set(evaluateReporting(inventory, parts, limit, problems, options.at));
  return hosts.filter((h) => allowed.has(h));
}

function readLimitFile(path: string, shown: string, problems: ProblemList): string[] | undefined {
  try {
    if (statSync(path).isDirectory()) {
      problems.add({
        code: 'FILE_UNREADABLE',
        message: `limit file ${shown} is a directory`,
        hint: 'a `--limit @file` names a file with one host or pattern per line',
      });
      return undefined;
    }
    return readFileSync(path, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
  } catch (error) {
    problems.add(fileProblem(error, `limit file ${shown}`));
    return undefined;
  }
}

function evaluateReporting(
  inventory: Inventory,
  parts: readonly string[],
  shown: string,
  problems: ProblemList,
  at?: PatternSite,
): string[] {
  const before = problems.items.length;
  const hosts = evaluatePatterns(inventory, parts, (code, message, hint) => problems.add(problem(at, code, message, hint)));
  if (hosts.length === 0 && problems.items.length === before) {
    problems.add(problem(at, 'NO_HOSTS_MATCHED', `host pattern \`${shown}\` matches no host`, emptyHint(inventory, parts)));
  }
  return hosts;
}

type Report = (code: ProblemCode, message: string, hint?: string) => void;

/** Ansible's `_evaluate_patterns`: the hosts of a list of parts, duplicates removed. */
export function evaluatePatterns(inventory: Inventory, parts: readonly string[], report: Report): string[] {
  let hosts = new Set<string>();
  for (const p of orderPatterns(parts)) {
    if (inventory.has(p)) {
      hosts.add(p);
      continue;
    }
    const matched = matchOnePattern(inventory, p, report);
    if (p[0] === '!') hosts = new Set([...hosts].filter((h) => !matched.has(h)));
    else if (p[0] === '&') hosts = new Set([...hosts].filter((h) => matched.has(h)));
    else for (const h of matched) hosts.add(h);
  }
  return [...hosts];
}

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/s;

function matchOnePattern(inventory: Inventory, part: string, report: Report): Set<string> {
  const pattern = part[0] === '&' || part[0] === '!' ? part.slice(1) : part;
  const m = pattern[0] === '~' ? null : SUBSCRIPT.exec(pattern);
  const expr = m ? m[1]! : pattern;
  const hosts = enumerateMatches(inventory, expr, report);
  if (!m || hosts.length === 0) return new Set(hosts);
  if (m[2] !== undefined) {
    const index = Number(m[2]);
    const host = hosts[index < 0 ? hosts.length + index : index];
    if (host === undefined) {
      report(
        'BAD_HOST_PATTERN',
        `subscript in \`${pattern}\` is out of range: \`${expr}\` matches ${hosts.length} host${hosts.length === 1 ? '' : 's'}`,
        `use an index from 0 to ${hosts.length - 1}`,
      );
      return new Set();
    }
    return new Set([host]);
  }
  const start = Number(m[3]);
  // Ansible: an empty end means "to the last"; an end of 0 means the single host at start.
  const end = m[5] === '' ? hosts.length - 1 : Number(m[5]);
  if (end === 0) return new Set(hosts[start] === undefined ? [] : [hosts[start]!]);
  return new Set(hosts.slice(start, end + 1));
}

function enumerateMatches(inventory: Inventory, expr: string, report: Report): string[] {
  const re = compilePattern(expr, report);
  if (!re) return [];
  const results: string[] = [];
  const groups = inventory.groupNames().filter((g) => re.test(g));
  for (const g of groups) results.push(...inventory.groupHosts(g));
  if (groups.length === 0 || expr[0] === '~' || /[.?*[]/.test(expr)) {
    results.push(...inventory.hostsInDefinitionOrder().filter((h) => re.test(h)));
  }
  if (results.length === 0 && LOCALHOST_NAMES.includes(expr)) results.push(inventory.definedLocalhost() ?? expr);
  if (results.length === 0 && groups.length === 0 && expr !== 'all') {
    const hint = didYouMean(expr, [...inventory.groupNames(), ...inventory.hostsInDefinitionOrder()]);
    report(
      'NO_HOSTS_MATCHED',
      `host pattern \`${expr}\` matches no host or group`,
      hint ?? 'no host or group of the inventory has a similar name',
    );
  }
  return results;
}

function compilePattern(expr: string, report: Report): RegExp | undefined {
  if (expr[0] !== '~') return globToRegExp(expr);
  try {
    // Python's re.match anchors at the start only.
    return new RegExp(`^(?:${expr.slice(1)})`);
  } catch {
    report('BAD_HOST_PATTERN', `\`${expr}\` is not a valid regular expression`, 'a `~` pattern is a regular expression such as `~web\\d+`');
    return undefined;
  }
}

function emptyHint(inventory: Inventory, parts: readonly string[]): string {
  const groups = parts.filter((p) => inventory.hasGroup(p));
  if (groups.length === parts.length)
    return `${groups.map((g) => `group \`${g}\``).join(' and ')} ${groups.length === 1 ? 'has' : 'have'} no hosts`;
  return 'the `&` and `!` parts leave no host';
}

function problem(at: PatternSite | undefined, code: ProblemCode, message: string, hint?: string): Problem {
  if (at) return at.source.problemAt(at.node, code, message, hint);
  return hint ? { code, message, hint } : { code, message };
}
