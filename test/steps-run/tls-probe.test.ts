/**
 * tls_probe against real TLS listeners on 127.0.0.1, reached through the test sshd's
 * direct-tcpip forwarding (from: host) and directly (from: controller). The certificates are
 * built around the real clock, so OpenSSL's own verification sees them as expired too.
 */
import assert from 'node:assert/strict';
import { type AddressInfo, createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { after, before, test } from 'node:test';
import { createSecureContext, createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { tlsProbeStep } from '../../src/steps/tls-probe.js';
import { type Family, makeFamily } from '../x509/cert-fixtures.js';
import { runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
let fam: Family;
let expiredServer: TlsServer;
let validServer: TlsServer;
let plainServer: TcpServer;
let silentServer: TcpServer;
const sniSeen: Array<string | false> = [];
let realNow: Date;
const now = (): Date => realNow;
const portOf = (s: TcpServer): number => (s.address() as AddressInfo).port;

async function listen<T extends TcpServer>(server: T): Promise<T> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

before(async () => {
  realNow = new Date(Math.floor(Date.now() / 1000) * 1000); // certificates keep whole seconds
  [fx, fam] = await Promise.all([startStepFixture(), makeFamily('ecdsa-p256', realNow)]);
  const credentials = { cert: fam.expired.chainPem, key: fam.expired.keyPem };
  // One entry per TCP connection: false until the ClientHello's SNI (if any) replaces it.
  expiredServer = await listen(
    createTlsServer(
      {
        ...credentials,
        SNICallback: (name, cb) => {
          sniSeen[sniSeen.length - 1] = name;
          cb(null, createSecureContext(credentials));
        },
      },
      (s) => s.end(),
    ),
  );
  expiredServer.on('connection', () => {
    sniSeen.push(false);
  });
  validServer = await listen(createTlsServer({ cert: fam.leaf.certificatePem, key: fam.leaf.keyPem }, (s) => s.end()));
  plainServer = await listen(createTcpServer((s) => s.end('SSH-2.0-not-tls\r\n')));
  silentServer = await listen(createTcpServer(() => undefined));
});
after(async () => {
  for (const s of [expiredServer, validServer, plainServer, silentServer]) s?.close();
  await fx?.stop();
});

type Facts = Record<string, unknown>;

test('from the host: an EXPIRED served certificate is read and reported, not a failure', async () => {
  const r = await runStep(tlsProbeStep, fx.host, { port: portOf(expiredServer), valid_at: { last_month: '-30d' } }, { now });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, false);
  const cert = r.data?.certificate as Facts;
  assert.deepEqual([cert.expired, cert.status, cert.subject, cert.days_left], [true, 'EXPIRED', 'CN=k3s, O=k3s', -10]);
  assert.equal((cert.valid_at as Facts).last_month, true);
  const chain = r.data?.chain as Facts[];
  assert.deepEqual(
    chain.map((c) => c.common_name),
    ['k3s', 'k3s-server-ca@1700000000'],
  );
  assert.equal(cert.fingerprint_sha256, chain[0]!.fingerprint_sha256);
  assert.equal(r.data?.protocol, 'TLSv1.3');
  assert.equal(r.data?.verified, false);
  assert.equal(typeof r.data?.verify_code, 'string');
  assert.equal(typeof r.data?.verify_error, 'string');
  assert.equal(r.data?.hostname_matches, true, 'SAN IP:127.0.0.1');
  assert.equal(r.data?.address, `127.0.0.1:${portOf(expiredServer)}`);
});

test('only the presented chain is reported: a server sending its leaf alone gives a chain of one', async () => {
  const r = await runStep(tlsProbeStep, fx.host, { port: portOf(validServer) });
  const chain = r.data?.chain as Facts[];
  assert.equal(chain.length, 1);
  assert.deepEqual([chain[0]!.expired, chain[0]!.status], [false, 'OK']);
  assert.equal(r.data?.verify_code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  assert.equal(r.data?.verify_error, 'unable to verify the first certificate');
});

test('SNI: server_name is sent; a name host is sent; an IP address is not; the name check follows it', async () => {
  sniSeen.length = 0;
  const port = portOf(expiredServer);
  const named = await runStep(tlsProbeStep, fx.host, { port, server_name: 'k8s.example.com' });
  await runStep(tlsProbeStep, fx.host, { port, host: 'localhost' });
  await runStep(tlsProbeStep, fx.host, { port });
  assert.deepEqual(sniSeen, ['k8s.example.com', 'localhost', false]);
  assert.equal(named.data?.hostname_matches, false);
  assert.equal(named.data?.server_name, 'k8s.example.com');
});

test('from the controller: the same facts through a plain TCP connection', async () => {
  const viaHost = await runStep(tlsProbeStep, fx.host, { port: portOf(expiredServer) });
  const direct = await runStep(tlsProbeStep, fx.host, { port: portOf(expiredServer), from: 'controller' });
  assert.equal(direct.failed, undefined, direct.msg);
  assert.equal(direct.data?.from, 'controller');
  assert.deepEqual((direct.data?.certificate as Facts).fingerprint_sha256, (viaHost.data?.certificate as Facts).fingerprint_sha256);
});

test('`at` judges the served chain as of another date', async () => {
  const served = (await runStep(tlsProbeStep, fx.host, { port: portOf(expiredServer) })).data?.certificate as Facts;
  const twoDaysBefore = new Date(Date.parse(String(served.not_after)) - 2 * 86_400_000).toISOString();
  const r = await runStep(tlsProbeStep, fx.host, { port: portOf(expiredServer), at: twoDaysBefore });
  const cert = r.data?.certificate as Facts;
  assert.deepEqual([cert.expired, cert.status, cert.days_left], [false, 'WARNING', 2]);
  const narrow = (await runStep(tlsProbeStep, fx.host, { port: portOf(expiredServer), at: twoDaysBefore, warn_days: 1 })).data
    ?.certificate as Facts;
  assert.deepEqual([narrow.status, narrow.days_left], ['OK', 2], 'warn_days: 1 puts 2 days left outside the WARNING window');
});

test('a closed port fails from the host and from the controller', async () => {
  const closed = await listen(createTcpServer());
  const port = portOf(closed);
  await new Promise((r) => closed.close(r));
  for (const from of ['host', 'controller'] as const) {
    const r = await runStep(tlsProbeStep, fx.host, { port, from });
    assert.equal(r.failed, true, from);
    assert.match(String(r.msg), new RegExp(`^cannot connect to 127\\.0\\.0\\.1:${port} from the ${from}`));
  }
});

test('a port that does not speak TLS fails the handshake; a silent one times out', async () => {
  const plain = await runStep(tlsProbeStep, fx.host, { port: portOf(plainServer) });
  assert.equal(plain.failed, true);
  assert.match(String(plain.msg), /TLS handshake|closed the connection/);
  const started = Date.now();
  const silent = await runStep(tlsProbeStep, fx.host, { port: portOf(silentServer), timeout: 1 });
  assert.equal(silent.failed, true);
  assert.match(String(silent.msg), /no TLS handshake within 1 s/);
  assert.ok(Date.now() - started < 5000);
});
