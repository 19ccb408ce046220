/**
 * Reading and writing a simulated node's data dir: private files as k3s writes them (keys
 * and certificates 0600, directories 0700), atomically (temp + rename) so a process reading
 * the file concurrently never sees half a certificate.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SimNode } from './sim-node.js';

/** `D/server/tls`. */
export const serverTlsDir = (node: Pick<SimNode, 'dataDir'>): string => join(node.dataDir, 'server', 'tls');
/** `D/agent`. */
export const agentDir = (node: Pick<SimNode, 'dataDir'>): string => join(node.dataDir, 'agent');

/** Writes `text` to `file` (mode 0600 unless given), creating parent directories (0700). */
export function writePrivate(file: string, text: string, mode = 0o600): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, text, { mode });
  renameSync(temp, file);
}

/** The file's text, or undefined when it does not exist (or cannot be read). */
export function readIfExists(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The first certificate of a PEM file, or undefined when missing or unreadable. */
export function readCertificate(file: string): X509Certificate | undefined {
  const text = readIfExists(file);
  if (text === undefined) return undefined;
  try {
    return new X509Certificate(text);
  } catch {
    return undefined;
  }
}

const DAY_MS = 86_400_000;

/** `now + n` days. */
export const daysFrom = (now: Date, n: number): Date => new Date(now.getTime() + n * DAY_MS);

/** Days from `now` to the certificate's end of validity (fractional; negative once expired). */
export function daysLeft(cert: X509Certificate, now: Date): number {
  return (new Date(cert.validTo).getTime() - now.getTime()) / DAY_MS;
}
