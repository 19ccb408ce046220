/**
 * Inventory sources as `-i` gives them, dispatched as ansible-core's `InventoryManager`
 * does: a text with a comma that is not an existing path is a host list (`h1,h2,`); a
 * directory is every inventory file in it, in sorted order, recursively, skipping hidden
 * entries, `group_vars`/`host_vars`/`vars_plugins` and files with ignored extensions
 * (`INVENTORY_IGNORE_EXTS`, which include `.ini`, `.cfg`, `.md`, `.txt`); anything else is a file.
 *
 * certbook reads YAML inventories only (the `yaml` and `host_list` plugins). INI files,
 * scripts and plugin configurations are INVENTORY_FORMAT problems with a way out in the hint.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { isMap } from 'yaml';
import { didYouMean } from '../errors/suggest.js';
import { ProblemList } from '../errors/problem.js';
import { readSource } from '../yaml/source-file.js';
import { parseAddress } from './host-address.js';
import { parseYamlInventory, type InventoryParseContext } from './parse-yaml-inventory.js';
import { shown } from './vars-files.js';

/** Entries of a directory source that Ansible never reads as inventory (its `IGNORED` regex). */
export const IGNORED_ENTRY = /^\.|^host_vars$|^group_vars$|^vars_plugins$|(?:\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.ini|\.cfg|\.retry)$/;

/** Extensions the `yaml` inventory plugin accepts (no extension is accepted too). */
export const INVENTORY_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** What the loader reads sources into; `varsDirs` collects where group_vars/ may live. */
export interface SourceContext extends Omit<InventoryParseContext, 'sourcePath'> {
  varsDirs: string[];
}

/** Reads one `-i` source into the inventory data. */
export function readInventorySource(raw: string, ctx: SourceContext): void {
  if (!raw) return;
  if (raw.includes(',') && !existsSync(raw)) {
    readHostList(raw, ctx);
    return;
  }
  const path = resolve(raw.startsWith('~/') || raw === '~' ? join(homedir(), raw.slice(1)) : raw);
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    ctx.problems.add({ code: 'FILE_NOT_FOUND', message: `inventory source ${raw} does not exist`, ...hintFor(raw) });
    return;
  }
  if (isDir) {
    ctx.varsDirs.push(path);
    readDirectory(path, ctx);
  } else {
    ctx.varsDirs.push(resolve(path, '..'));
    readInventoryFile(path, ctx);
  }
}

function hintFor(raw: string): { hint: string } | Record<string, never> {
  if (!raw.includes(',')) {
    const near = didYouMean(basename(raw), safeList(resolve(raw, '..')));
    return { hint: near ?? 'give a path to a YAML inventory, a directory of them, or a comma-separated host list such as `web1,web2,`' };
  }
  return {};
}

/** Ansible's `host_list` plugin: `h1,h2:2222,[::1]:22,` (no ranges; unparsable names kept as written). */
function readHostList(raw: string, ctx: SourceContext): void {
  for (const part of raw.split(',')) {
    const text = part.trim();
    if (!text) continue;
    const address = parseAddress(text, false);
    const host = address?.host ?? text;
    if (ctx.data.hosts.has(host)) continue;
    ctx.data.addHost(host, 'ungrouped', address?.port, { source: raw });
  }
}

function readDirectory(dir: string, ctx: SourceContext): void {
  // Python sorts the byte names; comparing UTF-8 buffers gives the same order.
  const entries = safeList(dir).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const entry of entries) {
    if (IGNORED_ENTRY.test(entry)) continue;
    const path = join(dir, entry);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue; // a dangling link: Ansible's plugins all decline it too
    }
    if (isDir) readDirectory(path, ctx);
    else readInventoryFile(path, ctx);
  }
}

/** Reads one inventory file: YAML (or JSON) by extension, anything else a format problem. */
export function readInventoryFile(path: string, ctx: SourceContext): void {
  const ext = extname(path);
  const name = shown(path);
  if (ext && !INVENTORY_EXTENSIONS.includes(ext)) {
    const ini = ext === '.ini' || ext === '.cfg';
    ctx.problems.add({
      code: 'INVENTORY_FORMAT',
      message: ini ? `${name} is an INI inventory; certbook reads YAML inventories only` : `${name} is not a YAML inventory (its extension is ${ext})`,
      pos: { file: name, line: 1, col: 1 },
      hint: ini ? `convert it once with \`ansible-inventory -i ${name} --list -y > inventory.yml\``
        : 'certbook reads YAML inventories (.yml, .yaml, .json or no extension); scripts and INI files are not supported',
    });
    return;
  }
  const local = new ProblemList();
  const source = readSource(path, local, name);
  if ((!source || !isMap(source.doc.contents)) && looksLikeIni(path)) {
    ctx.problems.add({ code: 'INVENTORY_FORMAT', message: `${name} looks like an INI inventory; certbook reads YAML inventories only`,
      pos: { file: name, line: 1, col: 1 }, hint: `convert it once with \`ansible-inventory -i ${name} --list -y > inventory.yml\`` });
    return;
  }
  ctx.problems.addAll(local.items);
  if (source) parseYamlInventory(source, { ...ctx, sourcePath: path });
}

const INI_SECTION = /^\[[^\]\s]+\]\s*(?:[#;].*)?$/;
const INI_HOST = /^[^\s=:#;[\]{}]+(?:\s+[^\s=]+=\S*)*\s*$/;

/** True when every meaningful line is an INI section header, host line or `key=value` line. */
function looksLikeIni(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return false;
  }
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.startsWith(';'));
  return lines.length > 0 && lines.every((l) => INI_SECTION.test(l) || INI_HOST.test(l) || /^[\w.-]+\s*=/.test(l));
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
