/** Snapshots of a simulated fleet's files and processes, to prove what a playbook did not touch. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SimulatedFleet } from '../harness/simulated-cluster.js';

/** Relative path → sha256 of every file under `dir` (empty when it does not exist). */
export function treeHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** A node's certificate directories and the pid of its k3s process. */
export interface NodeSnapshot {
  tls: Record<string, string>;
  agent: Record<string, string>;
  pid: string;
}

/** The snapshot of node `name`. */
export function snapshotNode(fleet: SimulatedFleet, name: string): NodeSnapshot {
  const paths = fleet.cluster.paths(name);
  return {
    tls: treeHashes(join(paths.dataDir, 'server', 'tls')),
    agent: treeHashes(join(paths.dataDir, 'agent')),
    pid: existsSync(paths.pidFile) ? readFileSync(paths.pidFile, 'utf8').trim() : '',
  };
}

/**
 * The snapshot without `dynamic-cert.json`: every k3s server rewrites it by itself (a new
 * certificate in the shared Secret; on v1.19+ the periodic renewal inside the window), so it
 * tells nothing about what certbook did.
 */
export function withoutServingCopy(snap: NodeSnapshot): NodeSnapshot {
  const { 'dynamic-cert.json': _k3sOwn, ...tls } = snap.tls;
  return { ...snap, tls };
}
