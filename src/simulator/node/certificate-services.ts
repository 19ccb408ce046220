/**
 * The `k3s certificate rotate|check --service` names and the files each one covers (fact sheet
 * §4): all services when the node is a server (`D/server` exists), else only the agent's
 * kube-proxy, kubelet and k3s-controller.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasKnownBug } from '../k3s-known-bugs.js';
import { type K3sVersion, programOf } from '../k3s-version.js';
import { versionOf } from './agent-start.js';
import { agentLeafSpecs, serverLeafSpecs } from './leaf-specs.js';
import type { CommandOutput, SimNode } from './sim-node.js';

/**
 * Every service name a server knows, in k3s's order. `supervisor` joined the list with k3s#9832
 * (the known bug supervisor-not-rotated): before, client-supervisor.crt was never rotated.
 */
export function serverServices(v: K3sVersion): string[] {
  const supervisor = v.minor >= 28 && !hasKnownBug(v, 'supervisor-not-rotated');
  const p = programOf(v);
  return [
    'admin',
    'api-server',
    'controller-manager',
    'scheduler',
    ...(supervisor ? ['supervisor'] : []),
    `${p}-controller`,
    `${p}-server`,
    'cloud-controller',
    ...(v.minor >= 19 ? ['etcd'] : []),
    'auth-proxy',
    'kubelet',
    'kube-proxy',
  ];
}

/** The services of an agent-only node. */
export function agentServices(v: K3sVersion): string[] {
  return ['kube-proxy', 'kubelet', `${programOf(v)}-controller`];
}

/** True when `dataDir` holds a server (k3s checks for `D/server`). */
export const isServerDataDir = (dataDir: string): boolean => existsSync(join(dataDir, 'server'));

/** The certificate files (absolute `.crt` paths) that `service` covers on this node. */
export function serviceCertFiles(node: SimNode, dataDir: string, v: K3sVersion, service: string): string[] {
  const files: string[] = [];
  if (isServerDataDir(dataDir)) {
    for (const spec of serverLeafSpecs(node, v))
      if (spec.services.includes(service)) files.push(join(dataDir, 'server', 'tls', `${spec.file}.crt`));
  }
  for (const spec of agentLeafSpecs(node)) if (spec.services.includes(service)) files.push(join(dataDir, 'agent', `${spec.file}.crt`));
  return files;
}

/** Parsed `--service/-s`, `--data-dir/-d`, `--output/-o` flags (urfave/cli: repeated or comma-separated). */
export interface CertificateFlags {
  services: string[];
  dataDir?: string;
  output?: string;
  unknownFlag?: string;
}

/** Reads the flags both subcommands share. */
export function parseCertificateFlags(args: readonly string[]): CertificateFlags {
  const flags: CertificateFlags = { services: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => inline ?? args[++i] ?? '';
    if (name === '--service' || name === '-s') flags.services.push(...value().split(',').filter(Boolean));
    else if (name === '--data-dir' || name === '-d') flags.dataDir = value();
    else if (name === '--output' || name === '-o') flags.output = value();
    else if (name === '--config' || name === '-c') value();
    else if (name === '--debug') continue;
    else {
      flags.unknownFlag = arg;
      break;
    }
  }
  return flags;
}

/** A logrus text line as k3s prints them (`INFO[0000] message`). */
export function logLine(level: 'INFO' | 'WARN' | 'ERRO' | 'FATA', message: string): string {
  return `${level}[0000] ${message}\n`;
}

/** What `rotate` and `check` work on, once their flags are read. */
export interface CertificateSelection {
  v: K3sVersion;
  dataDir: string;
  /** True on a server (`D/server` exists). */
  server: boolean;
  /** The services asked for, or all the node knows. */
  services: string[];
  output?: string;
}

/** Reads the flags and picks the services as k3s does, or the error k3s prints (exit 1). */
export function selectCertificates(node: SimNode, args: readonly string[]): CertificateSelection | CommandOutput {
  const v = versionOf(node);
  const flags = parseCertificateFlags(args);
  const fatal = (message: string): CommandOutput => ({ code: 1, stdout: '', stderr: logLine('FATA', message) });
  if (flags.unknownFlag !== undefined) return fatal(`flag provided but not defined: ${flags.unknownFlag.replace(/^-+/, '-')}`);
  const dataDir = flags.dataDir ?? node.dataDir;
  const server = isServerDataDir(dataDir);
  const known = server ? serverServices(v) : agentServices(v);
  const unknown = flags.services.find((s) => !known.includes(s));
  if (unknown !== undefined) return fatal(`Error: service ${unknown} is not recognized`);
  const services = flags.services.length > 0 ? flags.services : [...known];
  return { v, dataDir, server, services, ...(flags.output !== undefined ? { output: flags.output } : {}) };
}
