/**
 * One HTTP(S) request over a TCP connection opened by a `Host` (`forwardTcp`): from the host
 * over SSH, or from the controller. TLS and HTTP run on the controller, as `wait_for url:` does,
 * so nothing is needed on the host and no header or body ever appears in a process list there.
 */
import { readFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Host } from '../../connection/host.js';
import { startTls } from '../host-ops/tls-over-stream.js';

/** The most of a response body kept. */
export const BODY_LIMIT = 4 * 1024 * 1024;

/** What to send. */
export interface HttpRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  validateCerts: boolean;
  /** PEM CA bundle on the controller, trusted instead of the system's. */
  caPath?: string;
  /** A client certificate and its key (PEM text), for servers that ask for one. */
  identity?: { cert: string; key: string };
}

/** What came back. */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** True when the body was longer than {@link BODY_LIMIT} and cut. */
  truncated: boolean;
}

/** Sends `req` over a connection `via` opens; aborted (connection closed) with `signal`. */
export async function exchange(via: Host, req: HttpRequest, signal: AbortSignal): Promise<HttpAnswer> {
  const host = req.url.hostname.replace(/^\[(.*)\]$/, '$1');
  const https = req.url.protocol === 'https:';
  const port = Number(req.url.port) || (https ? 443 : 80);
  let socket: Duplex = await via.forwardTcp(host, port);
  const raw = socket;
  const close = (): void => {
    raw.destroy();
  };
  if (signal.aborted) close();
  signal.addEventListener('abort', close, { once: true });
  try {
    if (https) {
      const ca = req.caPath !== undefined ? readFileSync(req.caPath, 'utf8') : undefined;
      socket = await startTls(socket, host, {
        validate: req.validateCerts,
        ...(ca !== undefined ? { ca } : {}),
        ...(req.identity ? { identity: req.identity } : {}),
      });
    }
    return await send(socket, req, signal);
  } finally {
    signal.removeEventListener('abort', close);
    socket.destroy();
  }
}

function send(socket: Duplex, req: HttpRequest, signal: AbortSignal): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: req.url.host, Connection: 'close', 'User-Agent': 'certbook', ...req.headers };
    if (req.body) headers['Content-Length'] = String(req.body.length);
    const r = request(
      { createConnection: () => socket, method: req.method, path: `${req.url.pathname}${req.url.search}`, headers, signal },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < BODY_LIMIT) chunks.push(chunk.subarray(0, BODY_LIMIT - size));
          size += chunk.length;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated: size > BODY_LIMIT }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}
