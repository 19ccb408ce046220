/**
 * `k3s certificate rotate` (fact sheet §4): back `server/tls` up to `server/tls-<unix>` (an
 * agent-only node: its files to `agent/tls-<unix>`), write the `dynamic-cert-regenerate`
 * trigger when `k3s-server` is selected, and delete the selected leaves. CAs and `service.key`
 * are never touched, the service is neither checked nor stopped: the next start regenerates
 * what is missing (stop → rotate → start, as the docs say).
 */

import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hasKnownBug } from '../k3s-known-bugs.js';
import { programOf } from '../k3s-version.js';
import { logLine, selectCertificates, serviceCertFiles } from './certificate-services.js';
import type { CommandOutput, SimNode } from './sim-node.js';

/** Runs `k3s certificate rotate ARGS` on `node`. */
export async function certificateRotate(node: SimNode, args: readonly string[], now: Date): Promise<CommandOutput> {
  const selection = selectCertificates(node, args);
  if ('code' in selection) return selection;
  const { v, dataDir, server, services } = selection;
  // The known bug agent-certificate-rotate-fails (k3s#9785): the CLI reads the server token first.
  if (!server && hasKnownBug(v, 'agent-certificate-rotate-fails')) {
    return { code: 1, stdout: '', stderr: logLine('FATA', `open ${join(dataDir, 'server', 'token')}: no such file or directory`) };
  }
  const unix = Math.floor(now.getTime() / 1000);
  let stderr = logLine('INFO', server ? 'Server detected, rotating server certificates' : 'Agent detected, rotating agent certificates');
  const backup = server ? join(dataDir, 'server', `tls-${unix}`) : join(dataDir, 'agent', `tls-${unix}`);
  const files = services.flatMap((s) => serviceCertFiles(node, dataDir, v, s));
  if (server) cpSync(join(dataDir, 'server', 'tls'), backup, { recursive: true, preserveTimestamps: true });
  mkdirSync(backup, { recursive: true, mode: 0o700 });
  for (const file of files.filter((f) => !f.includes(join('server', 'tls')))) {
    for (const f of [file, file.replace(/\.crt$/, '.key')]) if (existsSync(f)) copyFileSync(f, join(backup, basename(f)));
  }
  for (const service of services) {
    stderr += logLine('INFO', `Rotating certificates for ${service} service`);
    if (service === `${programOf(v)}-server` && server) writeFileSync(join(dataDir, 'server', 'tls', 'dynamic-cert-regenerate'), 'true');
  }
  for (const file of files) for (const f of [file, file.replace(/\.crt$/, '.key')]) rmSync(f, { force: true });
  stderr += logLine(
    'INFO',
    `Successfully backed up certificates to ${backup}, please restart ${programOf(v)} server or agent to rotate certificates`,
  );
  return { code: 0, stdout: '', stderr };
}
