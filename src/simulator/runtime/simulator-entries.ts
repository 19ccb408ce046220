/**
 * How a simulated node's programs are started: `k3s-process` (the node itself) and `k3s-cli`
 * (its `k3s certificate …`). From `dist/simulator/*.mjs` when `npm run build` made them from the
 * current `src/` (plain node: about 0.1 s of CPU per start instead of tsx's 0.6–0.9 s, which a
 * rotate of a fleet pays at every restart), otherwise from the TypeScript through tsx.
 */
import { join } from 'node:path';
import { freshBuild } from '../../../bin/built-code.mjs';
import { PACKAGE_ROOT } from '../../package-root.js';

/** The simulator's separately started programs. */
export type SimulatorEntry = 'k3s-process' | 'k3s-cli';

// Decided once per process: the check walks every file of src/, and a cluster asks for two
// commands per node (a 200-node fleet would walk it 400 times).
let built: { dist: string | undefined } | undefined;

/** The command (program and leading arguments) that runs `entry`; run it from PACKAGE_ROOT. */
export function simulatorCommand(entry: SimulatorEntry): string[] {
  built ??= { dist: freshBuild(PACKAGE_ROOT) };
  const { dist } = built;
  if (dist) return [process.execPath, join(dist, 'simulator', `${entry}.mjs`)];
  return [process.execPath, '--import', 'tsx', join(PACKAGE_ROOT, 'src', 'simulator', 'runtime', `${entry}.ts`)];
}
