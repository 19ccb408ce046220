/**
 * Who is calling, as the k3s API server decides it: a client certificate signed by the client
 * CA (its CN is the user: `system:admin`), or HTTP Basic auth (k3s ≤ v1.18's `admin` +
 * `cred/passwd` kubeconfig). The TLS layer asks for a certificate without requiring one
 * (`requestCert: true, rejectUnauthorized: false`, Go's VerifyClientCertIfGiven), so both
 * styles work on one port; a certificate that is presented but does not verify is refused.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** A Basic-auth user. */
export interface BasicAuthUser {
  username: string;
  password: string;
}

/** How callers may authenticate. */
export interface AuthConfig {
  /** When set, clients may present a certificate signed by it. */
  clientCa?: string;
  basicAuth?: readonly BasicAuthUser[];
  /** Let requests without credentials through as `system:anonymous` (off by default, like k3s). */
  anonymous?: boolean;
}

/** The caller, or why not. */
export type AuthResult = { ok: true; user: string; via: 'client-certificate' | 'basic' | 'anonymous' } | { ok: false };

/** Authenticates one request. Never throws. */
export function authenticate(req: IncomingMessage, config: AuthConfig): AuthResult {
  const socket = req.socket as TLSSocket;
  // getPeerCertificate (not getPeerX509Certificate): Node 20 hands out the peer chain only once
  // per connection with the latter, and a kept-alive connection asks once per request.
  const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
  const presented = peer !== undefined && peer !== null && Object.keys(peer).length > 0;
  if (presented) {
    if (config.clientCa !== undefined && socket.authorized)
      return { ok: true, user: String(peer.subject?.CN ?? ''), via: 'client-certificate' };
    return { ok: false };
  }
  const basic = basicCredentials(req.headers.authorization);
  if (basic) {
    const match = (config.basicAuth ?? []).some((u) => same(u.username, basic.username) && same(u.password, basic.password));
    return match ? { ok: true, user: basic.username, via: 'basic' } : { ok: false };
  }
  return config.anonymous ? { ok: true, user: 'system:anonymous', via: 'anonymous' } : { ok: false };
}

function basicCredentials(header: string | undefined): BasicAuthUser | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Constant-time string equality (hashing first makes the lengths equal). */
function same(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
