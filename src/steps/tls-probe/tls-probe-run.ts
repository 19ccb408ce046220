/**
 * `tls_probe` run: opens a TCP stream to `host:port` from the managed host (an SSH
 * `direct-tcpip` channel, so nothing is installed or run there) or from the controller, shakes
 * hands with TLS and registers the presented chain with the same facts `x509_info` gives.
 * Never fails because of what the certificate is (expired, untrusted, wrong name): it says so.
 * Fails, as a result, when the port cannot be reached or the handshake does not complete.
 */
import { isIP, connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { type CertificateFacts, type DescribeOptions, describeCertificate } from '../../x509/describe.js';
import { judgingOptions } from '../../x509/judging.js';
import { parseDer } from '../../x509/parse.js';
import { failed } from '../host-ops/host-exec.js';
import type { StepContext, StepResult } from '../step-run.js';
import type { TlsProbeArgs } from '../tls-probe.js';
import { type HandshakeResult, tlsHandshake, verifyErrorText } from './tls-handshake.js';

/** Runs tls_probe for one host. */
export async function runTlsProbe(args: TlsProbeArgs, ctx: StepContext): Promise<StepResult> {
  const judging = judgingOptions(args, ctx.now());
  if ('error' in judging) return failed(judging.error);
  const address = `${args.host}:${args.port}`;
  // RFC 6066: SNI carries host names only, never an address.
  const serverName = args.server_name ?? (isIP(args.host) ? undefined : args.host);
  const timeoutMs = args.timeout * 1000;
  const base = { address, from: args.from, server_name: serverName ?? null };
  let stream: Duplex;
  try {
    stream =
      args.from === 'host' ? await ctx.host.forwardTcp(args.host, args.port) : await tcpFromController(args.host, args.port, timeoutMs);
  } catch (err) {
    return failed(`cannot connect to ${address} from the ${args.from === 'host' ? 'host' : 'controller'}: ${messageOf(err)}`, base);
  }
  let handshake: HandshakeResult;
  try {
    handshake = await tlsHandshake(stream, { serverName, name: serverName ?? args.host, timeoutMs, signal: ctx.signal });
  } catch (err) {
    return failed(`${address}: ${messageOf(err)}`, base);
  }
  return reported(handshake, base, judging.options);
}

function reported(handshake: HandshakeResult, base: Record<string, unknown>, options: DescribeOptions): StepResult {
  const chain: CertificateFacts[] = [];
  for (const der of handshake.chain) {
    const cert = parseDer(der);
    if (typeof cert === 'string')
      return failed(`${String(base.address)}: the server presented a certificate we cannot read: ${cert}`, base);
    chain.push(describeCertificate(cert, options));
  }
  const leaf = chain[0];
  if (!leaf) return failed(`${String(base.address)}: the server presented no certificate`, base);
  const data = {
    ...base,
    certificate: leaf,
    chain,
    protocol: handshake.protocol,
    verified: handshake.verified,
    verify_code: handshake.verifyCode,
    verify_error: handshake.verifyCode ? verifyErrorText(handshake.verifyCode) : null,
    hostname_matches: handshake.nameMatches,
  };
  const verdict = handshake.verified ? 'trusted' : `not trusted: ${data.verify_error}`;
  return { changed: false, msg: `${leaf.subject}, ${leaf.status} (${leaf.days_left} days left), ${verdict}`, data };
}

/** A TCP connection from the controller, once it is established. */
function tcpFromController(host: string, port: number, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no connection within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
