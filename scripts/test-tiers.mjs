/**
 * Which test files form the fast tier (`npm run test:fast`): the files that run without root,
 * sshd, sudo or kubectl. Everything else is the real-parts tier, which `npm test` (and CI) runs
 * together with the fast tier.
 *
 * A file is left out of the fast tier when
 * - its imports (followed through test/) reach a harness that needs real parts: a real sshd,
 *   the simulated k3s fleets (sshd plus kubectl), test users, a browser, the container image,
 *   promtool, the benchmark's connections (`REAL_PARTS_HARNESSES`); or
 * - it is named in `REAL_PARTS_FILES`, with the reason (root for mknod or chgrp, kubectl, npm, or
 *   real processes that cost seconds each: a race of eight processes, openssl per certificate).
 *
 * `test/scripts/test-tiers.test.ts` runs the fast tier as an unprivileged user whose PATH has no
 * sshd, sudo or kubectl, so a file that needs them and is missing here fails there.
 * (Plain JavaScript: the runner scripts load it before tsx is registered.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Harness modules that start or need real parts; a test importing one (even indirectly) is not fast. */
export const REAL_PARTS_HARNESSES = [
  'test/harness/sshd.ts',
  'test/harness/simulated-cluster.ts',
  'test/harness/simulated-fleets.ts',
  'test/harness/test-users.ts',
  'test/harness/browser.ts',
  'test/harness/image-run.ts',
  'test/harness/promtool.ts',
  'test/harness/bench-connection.ts',
];

/** Files that need real parts their imports do not show, and why. */
export const REAL_PARTS_FILES = {
  'test/playbooks/demo.test.ts': 'the demo asks its simulated clusters with kubectl',
  'test/playbooks/demo-interrupt.test.ts': 'the demo asks its simulated clusters with kubectl',
  'test/playbooks/demo-ssh-server.test.ts': 'the demo asks its simulated clusters with kubectl',
  'test/report/output-files.test.ts': 'makes device nodes with mknod (root)',
  'test/steps-run/argument-gaps.test.ts': "sets files' owner and group (root)",
  'test/cli/package.test.ts': 'packs and installs the npm tarball (npm, ~15 s)',
  'test/connection/become-negotiation.test.ts': 'becomes another user with sudo and su (root)',
  'test/connection/exec-plumbing.test.ts': 'runs commands under sudo (root)',
  'test/inventory/connection-vars.test.ts': 'connects with sudo (root)',
  'test/scripts/test-setup-plan.test.ts': 'asks dpkg and apt what is installed',
  'test/scripts/test-tiers.test.ts': 'runs the fast tier as another user (root)',
  'test/simulator/kube-api.test.ts': 'asks the simulator with kubectl',
  'test/simulator/rke2-family.test.ts': 'asks the simulator with kubectl',
  'test/simulator/runtime-process.test.ts': 'runs the simulated k3s under sudo (root)',
  // Real processes rather than units: they need nothing privileged, but each costs seconds of both cores.
  'test/reliability/lock-takeover.test.ts': 'races eight processes for one lock, five rounds',
  'test/x509/openssl-agreement.test.ts': 'runs openssl once for every certificate of the CA bundle',
  'test/simulator/node-server-start.test.ts': 'starts simulated k3s server processes',
  'test/cli/interrupt.test.ts': 'signals certbook processes mid-run',
};

/** Every test file under `root`/test, relative to `root`, sorted. */
export function allTestFiles(root) {
  return readdirSync(join(root, 'test'), { recursive: true })
    .map((f) => `test/${String(f)}`)
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
}

/** The relative imports of a test-side module that stay inside test/, as paths relative to `root`. */
function testImports(root, file) {
  const text = readFileSync(join(root, file), 'utf8');
  const found = [];
  // `import type` and `export type` are erased before the code runs: they start nothing.
  for (const match of text.matchAll(
    /^(import|export)(\s+type)?\b[^;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]/gm,
  )) {
    if (match[2]) continue;
    const path = match[3] ?? match[4];
    const target = relative(root, resolve(dirname(join(root, file)), path)).replace(/\.js$/, '.ts');
    if (target.startsWith('test/')) found.push(target);
  }
  return found;
}

/** The first real-parts harness `file` reaches through its imports, or undefined. */
function reachedHarness(root, file, seen = new Set()) {
  if (REAL_PARTS_HARNESSES.includes(file)) return file;
  if (seen.has(file)) return undefined;
  seen.add(file);
  let imports;
  try {
    imports = testImports(root, file);
  } catch {
    return undefined; // a JSON fixture or a module that is not TypeScript source
  }
  for (const target of imports) {
    const harness = reachedHarness(root, target, seen);
    if (harness) return harness;
  }
  return undefined;
}

/** Why `file` is not in the fast tier, or undefined when it is. */
export function realPartsReason(root, file) {
  if (Object.hasOwn(REAL_PARTS_FILES, file)) return REAL_PARTS_FILES[file];
  const harness = reachedHarness(root, file);
  return harness ? `imports ${harness}` : undefined;
}

/** The fast tier's files, relative to `root`, sorted. */
export function fastTierFiles(root) {
  return allTestFiles(root).filter((file) => realPartsReason(root, file) === undefined);
}
