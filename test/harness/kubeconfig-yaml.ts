/**
 * A kubeconfig file read back for assertions: the fields the tests look at, named and typed as
 * kubectl's file format has them (not through certbook's own reader, which is what is tested).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The parts of a kubeconfig file the tests read. */
export interface KubeconfigYaml {
  'current-context': string;
  clusters: Array<{ name: string; cluster: { server: string; 'certificate-authority-data'?: string } }>;
  users: Array<{ name: string; user: Record<string, string> }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string; namespace?: string } }>;
}

/** Parses the kubeconfig file at `path`. */
export function readKubeconfigYaml(path: string): KubeconfigYaml {
  return parse(readFileSync(path, 'utf8')) as KubeconfigYaml;
}
