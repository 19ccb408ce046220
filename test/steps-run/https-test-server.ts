/**
 * A local HTTPS server for the `uri` tests, with a self-signed certificate for 127.0.0.1 (trusted
 * only through `ca_path`), and self-signed certificates for clients.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Writes a P-256 key and a self-signed certificate for `cn` (and IP 127.0.0.1 with `ip`). */
export function selfSigned(keyFile: string, certFile: string, cn: string, ip = false): void {
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      ...(ip ? ['-addext', 'subjectAltName=IP:127.0.0.1'] : []),
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
}

/** A started server: its `https://127.0.0.1:PORT` and how to stop it. */
export interface HttpsTestServer {
  base: string;
  stop(): void;
}

/** Starts a server on 127.0.0.1 with a certificate made in `dir` (cert.pem, key.pem). */
export async function startHttpsServer(
  dir: string,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  options: ServerOptions = {},
): Promise<HttpsTestServer> {
  selfSigned(join(dir, 'key.pem'), join(dir, 'cert.pem'), 'uri-test', true);
  const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')), ...options }, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop() {
      server.closeAllConnections();
      server.close();
    },
  };
}
