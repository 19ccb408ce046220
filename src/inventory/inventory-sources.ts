/**
 * Inventory sources as `-i` gives them, dispatched as ansible-core's `InventoryManager`
 * does: a text with a comma that is not an existing path is a host list (`h1,h2,`); a
 * directory is every inventory file in it, in sorted order, recursively, skipping hidden
 * entries, `group_vars`/`host_vars`/`vars_plugins` and files with ignored extensions
 * (`INVENTORY_IGNORE_EXTS`, which include `.ini`, `.cfg`, `.md`, `.txt`); anything else is a file.
 *
 * certbook reads what the `host_list`, `yaml` and `ini` plugins read. Scripts, TOML and plugin
 * configurations are INVENTORY_FORMAT problems with a way out in the hint.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { isMap } from 'yaml';
import { fileProblem } from '../errors/fs-error-text.js';
import { ProblemList } from '../errors/problem.js';
import { didYouMean } from '../errors/suggest.js';
import { readSource } from '../yaml/source-file.js';
import { parseAddress } from './host-address.js';
import { readIniAfterYaml, readIniIfClean, readIniInventoryFile } from './ini-inventory-file.js';
import { type InventoryParseContext, parseYamlInventory } from './parse-yaml-inventory.js';
import { realDirectory } from './real-directory.js';
import { shown } from './vars-files.js';

/** Entries of a directory source that Ansible never reads as inventory (its `IGNORED` regex). */
export const IGNORED_ENTRY =
  /^\.|^host_vars$|^group_vars$|^vars_plugins$|(?:\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.ini|\.cfg|\.retry)$/;

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
  } catch (error) {
    // Only a source that is not there is "does not exist"; one behind a locked directory says so.
    ctx.problems.add(fileProblem(error, `inventory source ${raw}`, hintFor(raw).hint));
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
    return {
      hint: near ?? 'give a path to a YAML or INI inventory, a directory of them, or a comma-separated host list such as `web1,web2,`',
    };
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

/**
 * Reads every inventory file under `dir`, following links as Ansible does. `seen` holds the real
 * path of every directory already read from this source: a link back into one of them (a loop,
 * or two links to one directory) is read once and warned about, where following it again would
 * recurse until the stack or the patience ran out.
 */
function readDirectory(dir: string, ctx: SourceContext, seen = new Set<string>()): void {
  const real = realDirectory(dir);
  if (seen.has(real)) {
    const name = shown(dir);
    ctx.warnings.push({
      code: 'INVENTORY_LOOP',
      message: `${name} is not read again: it leads to ${shown(real)}, a directory this inventory source already read`,
      hint: 'a symbolic link in the inventory directory points back into it; remove the link',
    });
    return;
  }
  seen.add(real);
  // Python sorts the byte names; comparing UTF-8 buffers gives the same order.
  const entries = listOrReport(dir, ctx).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const entry of entries) {
    const path = join(dir, entry);
    if (IGNORED_ENTRY.test(entry)) {
      if (SKIPPED_INI.test(entry) && !entry.startsWith('.')) warnSkippedIni(path, ctx);
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch (error) {
      // A dangling link: Ansible's plugins all decline it too. Anything else is said.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') ctx.problems.add(fileProblem(error, shown(path)));
      continue;
    }
    if (isDir) readDirectory(path, ctx, seen);
    else readInventoryFile(path, ctx);
  }
}

const SKIPPED_INI = /\.(?:ini|cfg)$/;

/** Ansible skips `hosts.ini` in a directory source without a word; certbook says so. */
function warnSkippedIni(path: string, ctx: SourceContext): void {
  try {
    if (!statSync(path).isFile()) return;
  } catch {
    return;
  }
  const name = shown(path);
  ctx.warnings.push({
    code: 'INVENTORY_FORMAT',
    message: `${name} is not read: Ansible skips .ini and .cfg files in an inventory directory (INVENTORY_IGNORE_EXTS)`,
    pos: { file: name, line: 1, col: 1 },
    sourceLine: firstLine(path),
    hint: `pass it with its own \`-i ${name}\`, or rename it without the extension`,
  });
}

/**
 * Reads one inventory file with the plugin Ansible would pick: a script (a `#!` line) is refused;
 * a YAML extension or none is YAML when it parses to a mapping, and INI when the `yaml` plugin
 * fails on it and the INI reading works; any other extension is INI (the `yaml` plugin declines
 * it). A `.toml` file is refused unless it reads as INI (Ansible tries `ini` before `toml`).
 */
export function readInventoryFile(path: string, ctx: SourceContext): void {
  const ext = extname(path);
  const name = shown(path);
  const fileCtx = { ...ctx, sourcePath: path };
  if (isScript(path)) {
    ctx.problems.add({
      code: 'INVENTORY_FORMAT',
      message: `${name} is an inventory script; certbook does not run inventory scripts`,
      pos: { file: name, line: 1, col: 1 },
      sourceLine: firstLine(path),
      hint: `write its output once as a static inventory: \`ansible-inventory -i ${name} --list -y > inventory.yml\``,
    });
    return;
  }
  if (ext === '.toml') {
    if (readIniIfClean(path, name, fileCtx)) return;
    ctx.problems.add({
      code: 'INVENTORY_FORMAT',
      message: `${name} is a TOML inventory; certbook reads YAML and INI inventories`,
      pos: { file: name, line: 1, col: 1 },
      sourceLine: firstLine(path),
      hint: `convert it once with \`ansible-inventory -i ${name} --list -y > inventory.yml\``,
    });
    return;
  }
  if (ext && !INVENTORY_EXTENSIONS.includes(ext)) {
    readIniInventoryFile(path, name, fileCtx);
    return;
  }
  const local = new ProblemList();
  const source = readSource(path, local, name);
  // Ansible's yaml plugin fails on anything but a mapping, and the ini plugin gets its turn.
  if (source && isMap(source.doc.contents)) {
    parseYamlInventory(source, fileCtx);
    return;
  }
  if (readIniAfterYaml(path, name, source, fileCtx)) return;
  ctx.problems.addAll(local.items);
  if (source) parseYamlInventory(source, fileCtx);
}

/**
 * Ansible's `script` plugin takes a file with a `#!` line (or an executable one: certbook
 * treats an executable file that is not text as a compiled script too; an executable text
 * file fails to run and falls through to the other plugins, as in Ansible).
 */
function isScript(path: string): boolean {
  const head = fileHead(path);
  if (head[0] === 0x23 && head[1] === 0x21) return true;
  try {
    return (statSync(path).mode & 0o111) !== 0 && head.includes(0);
  } catch {
    return false; // unreadable: the reader reports it
  }
}

/** The first 4 KiB of a file (empty when it cannot be read). */
function fileHead(path: string): Buffer {
  try {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(4096);
      return head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return Buffer.alloc(0);
  }
}

/** The first line of a file, for quoting under a problem about the whole file. */
function firstLine(path: string): string {
  return new TextDecoder().decode(fileHead(path)).split(/\r?\n/)[0] ?? '';
}

/** The entries of an inventory directory; one that cannot be listed is a problem, not an empty inventory. */
function listOrReport(dir: string, ctx: SourceContext): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    ctx.problems.add(fileProblem(error, `inventory directory ${shown(dir)}`));
    return [];
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
