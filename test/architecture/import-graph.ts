/**
 * The import graph of `src/`: every `import`, `export … from` and literal `import()` of every
 * TypeScript file, read with TypeScript's own pre-processor (no type checking, so it is fast) and
 * resolved the way NodeNext resolves relative specifiers (`./x.js` is `./x.ts`). Bare specifiers
 * (`ssh2`, `node:fs`) are kept as packages. Used by the layer check and to measure the house.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One import: the importing file and what it names, both relative to the source root. */
export interface ImportEdge {
  /** Importing file, e.g. `cli/main.ts`. */
  readonly from: string;
  /** Imported file (`template/unsafe.ts`), or the package for a bare specifier (`ssh2`). */
  readonly to: string;
  /** True when `to` is a package, not a file under the source root. */
  readonly external: boolean;
  /** 1-based line of the import in `from`. */
  readonly line: number;
}

/** Every `.ts` file under `root`, relative to it, with `/` separators, sorted. */
export function sourceFiles(root: string): string[] {
  return readdirSync(root, { recursive: true })
    .map((f) => String(f).split(sep).join('/'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
}

/** The imports of every file under `root` (`src/`). */
export function importGraph(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    const newlines = [...text.matchAll(/\n/g)].map((m) => m.index);
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      const line = 1 + newlines.filter((at) => at < ref.pos).length;
      edges.push(resolveImport(root, file, ref.fileName, line));
    }
  }
  return edges;
}

function resolveImport(root: string, from: string, specifier: string, line: number): ImportEdge {
  if (!specifier.startsWith('.')) return { from, to: packageName(specifier), external: true, line };
  const absolute = resolve(root, dirname(from), specifier.replace(/\.js$/, '.ts'));
  return { from, to: relative(root, absolute).split(sep).join('/'), external: false, line };
}

/** `@scope/name/sub` → `@scope/name`, `ssh2/lib/x` → `ssh2`, `node:fs` stays. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** The folder a source file belongs to for layering: its first path segment (`cli/args/x.ts` → `cli`). */
export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
}
