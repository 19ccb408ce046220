/**
 * The layering of `src/`, as `docs/architecture.md` draws it, in a form the layer check
 * (`layers.test.ts`) holds the import graph to. Change it together with that page.
 */

/**
 * The bottom, lowest last: every folder above may import these, and each may import only the ones
 * after it. `.` is `src/package-root.ts`.
 */
export const BOTTOM = ['validate', 'events', 'python', 'errors', '.'] as const;

/**
 * Every other folder, top first, with the folders (besides the bottom) it may import. A folder
 * always may import its own files. Listing only what a layer needs keeps the skips out: `cli`
 * goes through `runner` to `template` and `connection`, and the simulator, which certbook is
 * tested against, shares none of the engine's code.
 */
export const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  cli: ['runner', 'report', 'playbook', 'inventory', 'shard', 'steps', 'demo', 'yaml'],
  demo: ['simulator', 'report'],
  'schema-files': ['playbook', 'inventory', 'steps'],
  runner: ['playbook', 'inventory', 'steps', 'connection', 'template', 'yaml'],
  report: [],
  simulator: ['x509', 'yaml'],
  shard: ['inventory', 'template'],
  playbook: ['steps', 'template', 'yaml'],
  steps: ['connection', 'template', 'x509', 'yaml'],
  inventory: ['yaml'],
  connection: [],
  template: ['yaml', 'k3s'],
  x509: [],
  k3s: [],
  yaml: [],
};

/** Packages only some files may import, package → those files (relative to `src/`). */
export const PACKAGE_OWNERS: Readonly<Record<string, readonly string[]>> = {
  // The engine's one SSH client; the demo's in-process SSH server (and its keys) is the other side.
  ssh2: ['connection/ssh2-client.ts', 'demo/demo-ssh-server.ts', 'demo/ssh-server-keys.ts'],
};

/** Imports of files outside `src/`, importing file → the files it may import (relative to the repository). */
export const OUTSIDE_SOURCE: Readonly<Record<string, readonly string[]>> = {
  // Whether the simulator's node processes run the bundle or the TypeScript: the same rule as bin/certbook.js.
  'simulator/runtime/simulator-entries.ts': ['bin/built-code.mjs'],
  // bin/certbook.js defers V8's optimizing compiler at start; the run turns it back on.
  'cli/commands/execute-run.ts': ['bin/optimizing-compiler.mjs'],
};

/**
 * Files outside `cli/` that may touch `process.argv`, `process.exit` or `process.stdout`: programs
 * of their own (the simulated k3s node's processes), not parts of certbook.
 */
export const OTHER_PROGRAMS = ['simulator/runtime/k3s-process.ts', 'simulator/runtime/k3s-cli.ts'] as const;
