/**
 * A fake Kubernetes API that the real kubectl talks to: the part of the k3s simulator that
 * plays the server on :6443. HTTPS (HTTP/1.1 only, ALPN `http/1.1`, Nagle off), a serving
 * certificate chosen per connection by a callback, client-certificate and Basic auth, the
 * unauthenticated k3s endpoints `/ping` and `/cacerts`, and the minimal API surface kubectl
 * needs for `get`/`delete` of Secrets and `get nodes` (see `kube-routes.ts`).
 *
 * How the k3s simulator builds on it:
 * - `servingCertificate` is asked at every new connection (and again with the SNI name when
 *   the client sends one), so the simulator serves whatever its k3s version would serve right
 *   now: the `k3s-serving` Secret's certificate, `dynamic-cert.json`'s, a renewed one after a
 *   restart. Nothing needs restarting here when it changes.
 * - `store` holds Secrets and Nodes; `store.onSecretDeleted` / `onSecretWritten` let the
 *   simulator react (old k3s re-creates `k3s-serving` from the file; new k3s re-issues).
 * - `listen(port, host)` / `close()` model the k3s process starting and stopping; the store
 *   outlives them (it is the datastore), so a restarted API serves the same Secrets.
 * - `requests` logs what kubectl asked, for tests and for the simulator's own log.
 *
 * No handler ever throws (kubectl retries a dropped connection for ~50 s and then prints
 * `Unable to connect to the server: EOF`): every failure is a JSON `Status`.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { authenticate, type BasicAuthUser } from './kube-auth.js';
import { type KubeVersion, statusObject } from './kube-objects.js';
import { route } from './kube-routes.js';
import { KubeStore } from './kube-store.js';

/** A certificate chain and its key, PEM. */
export interface ServingCertificate {
  /** Leaf first, then its CA(s), as k3s serves them. */
  cert: string;
  key: string;
}

/** What the certificate callback knows about the connection. */
export interface ConnectionInfo {
  /** The SNI name the client sent; absent for the first call and for clients that send none (kubectl to an IP). */
  serverName?: string;
  /** The local address the client connected to (dynamiclistener adds it to the SANs). */
  localAddress?: string;
}

/** How to build the fake API. */
export interface KubeApiOptions {
  /** The certificate to serve on a new connection. Called often: keep it cheap (return the same strings). */
  servingCertificate: (info: ConnectionInfo) => ServingCertificate;
  /** PEM of the CA that signs client certificates; without it, client certificates are refused. */
  clientCa?: string;
  /** Accepted Basic-auth users. */
  basicAuth?: readonly BasicAuthUser[];
  /** Let requests without credentials in (default false). */
  anonymous?: boolean;
  /** What `/cacerts` serves (k3s: the server CA PEM). 404 when absent. */
  caCerts?: () => string;
  /** `/version`; default 1.32 (`v1.32.4+k3s1`). The gcloud kubectl dispatcher picks its binary from `minor`. */
  version?: KubeVersion;
  /** The store to serve; a new empty one by default. Pass one to keep state across listen/close. */
  store?: KubeStore;
  /** The clock for AGE columns. */
  now?: () => Date;
}

/** One request as logged. */
export interface RequestLogEntry {
  method: string;
  /** Path and query as sent. */
  url: string;
  status: number;
  /** The authenticated user, absent when refused or for unauthenticated endpoints. */
  user?: string;
}

/** The fake API server. Create, `listen`, point kubectl at `url`, `close`. */
export class KubeApiServer {
  /** The cluster state served. */
  readonly store: KubeStore;
  /** Every request answered, in order (capped at the last 1000). */
  readonly requests: RequestLogEntry[] = [];
  private server: Server | undefined;
  private address: AddressInfo | undefined;
  private readonly contexts = new Map<string, SecureContext>();
  private lastDefault = '';
  private readonly version: KubeVersion;
  private readonly now: () => Date;

  constructor(private readonly options: KubeApiOptions) {
    this.store = options.store ?? new KubeStore(options.now);
    this.version = options.version ?? { major: '1', minor: '32', gitVersion: 'v1.32.4+k3s1' };
    this.now = options.now ?? (() => new Date());
  }

  /** Starts serving on `host:port` (port 0: any free port). Resolves once listening. */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ host: string; port: number; url: string }> {
    if (this.server) throw new Error('already listening');
    const first = this.options.servingCertificate({});
    const server = createServer(
      {
        ...this.secureOptions(first),
        requestCert: this.options.clientCa !== undefined,
        rejectUnauthorized: false,
        ALPNProtocols: ['http/1.1'],
        SNICallback: (serverName, cb) => this.sniContext(serverName, cb),
      },
      (req, res) => this.handle(req, res),
    );
    this.lastDefault = first.cert + first.key;
    // Before the TLS socket is made for this connection: refresh the default certificate.
    server.prependListener('connection', (socket: Socket) => this.onConnection(server, socket));
    server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.address = server.address() as AddressInfo;
    return { host, port: this.address.port, url: this.url };
  }

  /** `https://host:port` of the listening server. */
  get url(): string {
    if (!this.address) throw new Error('not listening');
    const host = this.address.family === 'IPv6' ? `[${this.address.address}]` : this.address.address;
    return `https://${host}:${this.address.port}`;
  }

  /** Stops listening and drops every open connection. The store is kept. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.address = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private onConnection(server: Server, socket: Socket): void {
    socket.setNoDelay(true); // headers and body are separate writes: Nagle + delayed ACK cost ~40 ms each
    try {
      const current = this.options.servingCertificate({ localAddress: socket.localAddress ?? '' });
      if (current.cert + current.key !== this.lastDefault) {
        server.setSecureContext(this.secureOptions(current));
        this.lastDefault = current.cert + current.key;
      }
    } catch {
      // Keep serving the previous certificate; a simulator bug must not drop the connection.
    }
  }

  private sniContext(serverName: string, cb: (err: Error | null, ctx?: SecureContext) => void): void {
    try {
      const chosen = this.options.servingCertificate({ serverName });
      const key = chosen.cert + chosen.key;
      let ctx = this.contexts.get(key);
      if (!ctx) {
        if (this.contexts.size > 32) this.contexts.clear();
        ctx = createSecureContext(this.secureOptions(chosen));
        this.contexts.set(key, ctx);
      }
      cb(null, ctx);
    } catch (err) {
      cb(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private secureOptions(chosen: ServingCertificate): { cert: string; key: string; ca?: string } {
    return { cert: chosen.cert, key: chosen.key, ...(this.options.clientCa !== undefined ? { ca: this.options.clientCa } : {}) };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // Read (and drop) any body first: a DELETE carries one, and the connection is kept alive.
    req.resume();
    req.once('end', () => {
      try {
        this.answer(req, res);
      } catch (err) {
        this.send(
          req,
          res,
          500,
          statusObject(500, 'InternalError', `internal error: ${err instanceof Error ? err.message : String(err)}`, {}),
        );
      }
    });
    req.once('error', () => res.destroy());
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://fake');
    const method = req.method ?? 'GET';
    if (url.pathname === '/ping' && method === 'GET') return this.sendText(req, res, 200, 'pong');
    if (url.pathname === '/cacerts' && method === 'GET') {
      const pem = this.options.caCerts?.();
      return pem === undefined ? this.sendText(req, res, 404, '404 page not found\n') : this.sendText(req, res, 200, pem);
    }
    const auth = authenticate(req, this.options);
    if (!auth.ok) return this.send(req, res, 401, statusObject(401, 'Unauthorized', 'Unauthorized', undefined));
    const answer = route(
      { method, path: url.pathname, wantsTable: /as=Table/.test(req.headers.accept ?? '') },
      {
        store: this.store,
        now: this.now(),
        version: this.version,
        serverAddress: `${req.socket.localAddress ?? ''}:${req.socket.localPort ?? ''}`,
      },
    );
    this.send(req, res, answer.status, answer.json, auth.user);
  }

  private send(req: IncomingMessage, res: ServerResponse, status: number, json: Record<string, unknown>, user?: string): void {
    this.write(req, res, status, 'application/json', JSON.stringify(json), user);
  }

  private sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
    this.write(req, res, status, 'text/plain; charset=utf-8', text);
  }

  private write(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string, user?: string): void {
    this.log({ method: req.method ?? '', url: req.url ?? '', status, ...(user !== undefined ? { user } : {}) });
    const bytes = Buffer.from(body);
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length, 'Cache-Control': 'no-cache, private' });
    res.end(bytes);
  }

  private log(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > 1000) this.requests.splice(0, this.requests.length - 1000);
  }
}
