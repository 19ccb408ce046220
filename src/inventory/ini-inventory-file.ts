/**
 * Reading a file with Ansible's `ini` inventory plugin, either because no other plugin wants it
 * (an extension that is not YAML's: `.ini`, `.cfg`, `.txt`, `hosts.prod`) or because the `yaml`
 * plugin failed on it (a file without extension whose text is not a YAML mapping). In the second
 * case Ansible uses the INI reading when it succeeds; when both fail, certbook reports the
 * problems of the reading the text was more likely written for.
 */
import { extname } from 'node:path';
import { isMap, isScalar } from 'yaml';
import { ProblemList } from '../errors/problem.js';
import { readSource, type SourceFile } from '../yaml/source-file.js';
import { pyStrip, readIniLines } from './ini-text.js';
import { InventoryData } from './inventory-data.js';
import { parseIniInventory } from './parse-ini-inventory.js';
import type { InventoryParseContext } from './parse-yaml-inventory.js';

/** Reads `path` as an INI inventory into `ctx`, problems and all. */
export function readIniInventoryFile(path: string, shownAs: string, ctx: InventoryParseContext): void {
  const lines = readIniLines(path, shownAs, ctx.problems);
  if (lines) parseIniInventory(lines, shownAs, ctx);
}

/**
 * After the `yaml` plugin gave up on `path` (`yaml` is what it parsed, undefined when it did
 * not parse): reads it as INI when that succeeds, or when it fails but the text is plainly INI.
 * Returns false, having changed nothing, when the YAML problems are the ones to report.
 */
export function readIniAfterYaml(path: string, shownAs: string, yaml: SourceFile | undefined, ctx: InventoryParseContext): boolean {
  const lines = readIniLines(path, shownAs, new ProblemList());
  if (!lines) return false;
  // The cheap test first: text that plainly is INI is read once, not tried and then read.
  if (looksLikeIni(yaml, lines) || iniReadsCleanly(lines, shownAs, ctx)) {
    parseIniInventory(lines, shownAs, ctx);
    return true;
  }
  return false;
}

/** Reads `path` as INI only when that gives no problem (Ansible's last resort for TOML files). */
export function readIniIfClean(path: string, shownAs: string, ctx: InventoryParseContext): boolean {
  const lines = readIniLines(path, shownAs, new ProblemList());
  if (!lines || !iniReadsCleanly(lines, shownAs, ctx)) return false;
  parseIniInventory(lines, shownAs, ctx);
  return true;
}

/** True when the INI reading of `lines` has no problem, given the groups read so far. */
export function iniReadsCleanly(lines: readonly string[], shownAs: string, ctx: InventoryParseContext): boolean {
  // A scratch copy: `[web:vars]` and `:children` entries may name groups of earlier sources.
  const scratch = new InventoryData();
  for (const name of ctx.data.groups.keys()) scratch.addGroup(name);
  const trial = new ProblemList();
  parseIniInventory(lines, shownAs, { data: scratch, problems: trial, warnings: [], sourcePath: ctx.sourcePath });
  return trial.ok;
}

const SECTION_LIKE = /^\[[^\]]*\](?:\s*[#;].*)?$/;
const HOST_LIKE = /^[^\s=:#;[\]{}]+(?:\s+[^\s=]+=\S*)*$/;
const ASSIGNMENT = /^[\w.-]+\s*=/;

/**
 * Whether a text both plugins fail on was written as INI: YAML read it as plain text, or its
 * first line is a `[section]` header, or every line is a header, a host line or `name=value`.
 */
export function looksLikeIni(yaml: SourceFile | undefined, lines: readonly string[]): boolean {
  if (yaml && isScalar(yaml.doc.contents) && typeof yaml.doc.contents.value === 'string') return true;
  if (yaml && isMap(yaml.doc.contents)) return false;
  const meaningful = lines.map((l) => pyStrip(l).text).filter((l) => l && !l.startsWith('#') && !l.startsWith(';'));
  if (meaningful.length === 0) return false;
  if (!yaml && SECTION_LIKE.test(meaningful[0]!)) return true;
  return meaningful.every((l) => SECTION_LIKE.test(l) || HOST_LIKE.test(l) || ASSIGNMENT.test(l));
}

/**
 * Whether the file at `path` is an INI inventory, as far as its name and text tell: an `.ini`
 * or `.cfg` extension, or text that is no YAML mapping and reads as INI (`certbook validate`
 * uses it to tell inventories from playbooks).
 */
export function isIniInventoryFile(path: string): boolean {
  if (['.ini', '.cfg'].includes(extname(path))) return true;
  const yaml = readSource(path, new ProblemList());
  if (yaml && isMap(yaml.doc.contents)) return false;
  const lines = readIniLines(path, path, new ProblemList());
  return lines !== undefined && looksLikeIni(yaml, lines);
}
