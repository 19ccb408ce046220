/**
 * TLS over a stream certbook already holds (a TCP connection forwarded through the host's SSH
 * session), for the steps that speak HTTPS from the host (`uri`, `wait_for` with a URL).
 */
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';

/** How the server is checked, and what the client presents. */
export interface TlsOptions {
  /** Check the server's certificate against `ca` (or the system's CAs). */
  validate: boolean;
  /** PEM CA certificates to trust instead of the system's. */
  ca?: string;
  /** A client certificate and its key (PEM). */
  identity?: { cert: string; key: string };
}

/** The secured stream once the handshake is done (HTTP/1.1, SNI unless `host` is an address); `raw` is destroyed on failure. */
export function startTls(raw: Duplex, host: string, options: TlsOptions): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({
      socket: raw,
      host,
      rejectUnauthorized: options.validate,
      ALPNProtocols: ['http/1.1'],
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.identity ? { cert: options.identity.cert, key: options.identity.key } : {}),
      ...(isIP(host) ? {} : { servername: host }),
    });
    secure.once('secureConnect', () => {
      secure.off('error', reject);
      resolve(secure);
    });
    secure.once('error', (e) => {
      raw.destroy();
      reject(e);
    });
  });
}
