/**
 * One TLS handshake over a stream someone else opened (an SSH `direct-tcpip` channel from the
 * host, or a plain TCP socket from the controller), capturing what the server presented. The
 * handshake never rejects a certificate (`rejectUnauthorized: false`): an expired or untrusted
 * certificate is exactly what tls_probe is there to report. Verification against Node's root
 * store (Mozilla's list, which Debian's ca-certificates is built from) still happens and is
 * reported next to the chain.
 */

import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';

/** What the server presented and how verification went. */
export interface HandshakeResult {
  /** DER of every certificate the server sent, leaf first, in the order sent. */
  chain: Buffer[];
  /** `TLSv1.3`, `TLSv1.2`, … */
  protocol: string | null;
  /** True when the chain verified against the root store and the name matched. */
  verified: boolean;
  /** OpenSSL/Node's code when it did not (`CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`). */
  verifyCode: string | null;
  /** Whether the leaf is for `name` (a DNS name or IP address), whatever the chain. */
  nameMatches: boolean;
}

/** Where to shake hands. */
export interface HandshakeOptions {
  /** The SNI name, or undefined to send none. */
  serverName: string | undefined;
  /** The name or address the identity check compares the leaf against. */
  name: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/** Shakes hands over `stream`; rejects with an Error whose message says why it could not. */
export function tlsHandshake(stream: Duplex, options: HandshakeOptions): Promise<HandshakeResult> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      socket: stream,
      rejectUnauthorized: false,
      host: options.name,
      ...(options.serverName !== undefined ? { servername: options.serverName } : {}),
      ALPNProtocols: ['http/1.1'],
    });
    let done = false;
    const finish = (error: Error | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else {
        try {
          resolve(describeSession(socket, options.name));
        } catch (err) {
          reject(err as Error);
        }
      }
      socket.destroy();
      stream.destroy();
    };
    const onAbort = (): void => finish(new Error('interrupted'));
    const timer = setTimeout(() => finish(new Error(`no TLS handshake within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    options.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => finish(undefined));
    socket.once('error', (err) => finish(new Error(`TLS handshake failed: ${err.message}`)));
    socket.once('close', () => finish(new Error('the server closed the connection before the TLS handshake completed')));
  });
}

function describeSession(socket: TLSSocket, name: string): HandshakeResult {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  // The X509Certificate walk follows the chain exactly as the server sent it; the legacy
  // getPeerCertificate(true) walk also appends issuers found in the local root store. Called
  // once: on Node 20 a second call returns undefined (the first consumes the peer chain).
  const leaf = socket.getPeerX509Certificate();
  for (let cert = leaf; cert && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    chain.push(cert.raw);
  }
  const nameMatches = leaf ? (isIP(name) ? leaf.checkIP(name) !== undefined : leaf.checkHost(name) !== undefined) : false;
  const code = socket.authorizationError as unknown as string | Error | null | undefined;
  return {
    chain,
    protocol: socket.getProtocol(),
    verified: socket.authorized,
    verifyCode: socket.authorized
      ? null
      : typeof code === 'string'
        ? code
        : ((code as { code?: string } | undefined)?.code ?? code?.message ?? 'UNKNOWN'),
    nameMatches,
  };
}

const VERIFY_TEXT: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT: 'unable to get issuer certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
  CERT_REVOKED: 'certificate revoked',
  CERT_UNTRUSTED: 'certificate not trusted',
  CERT_REJECTED: 'certificate rejected',
  INVALID_CA: 'invalid CA certificate',
  PATH_LENGTH_EXCEEDED: 'path length constraint exceeded',
  INVALID_PURPOSE: 'unsupported certificate purpose',
  ERR_TLS_CERT_ALTNAME_INVALID: "the certificate's names do not include the address connected to",
};

/** OpenSSL's words for a verification code (the code itself when we do not know them). */
export function verifyErrorText(code: string): string {
  return VERIFY_TEXT[code] ?? code;
}
