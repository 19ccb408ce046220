/**
 * `<root>/cluster.json`: the cluster as every node process and shim sees it (its nodes, port,
 * creation time). Written once by `startSimulatedCluster`, read by the node processes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { SimNode } from '../node/sim-node.js';
import { clusterPaths } from './cluster-paths.js';

/** The content of cluster.json. */
export interface ClusterFile {
  /** The API port shared by every server. */
  port: number;
  /** ISO time the cluster was created (Nodes' AGE). */
  createdAt: string;
  nodes: SimNode[];
}

/** Reads `<root>/cluster.json`. */
export function readClusterFile(root: string): ClusterFile {
  return JSON.parse(readFileSync(clusterPaths(root).clusterJson, 'utf8')) as ClusterFile;
}

/** Writes `<root>/cluster.json`. */
export function writeClusterFile(root: string, cluster: ClusterFile): void {
  writeFileSync(clusterPaths(root).clusterJson, `${JSON.stringify(cluster, null, 2)}\n`);
}

/** One node of the cluster by name; throws when unknown. */
export function clusterNode(cluster: ClusterFile, name: string): SimNode {
  const node = cluster.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name} in the cluster`);
  return node;
}
