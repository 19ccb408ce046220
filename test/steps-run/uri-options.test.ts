/**
 * `uri`'s Basic authentication (asked for, or forced), client certificates read on the host,
 * `dest` (If-Modified-Since, a 304, a directory, a second run unchanged) and `creates`/`removes`,
 * against a real local HTTPS server, the connection opened from the host over the real sshd (that
 * `url_password` never reaches the output is held in uri.test.ts, with the header secrets).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import type { StepResult } from '../../src/steps/step-run.js';
import { uriStep } from '../../src/steps/uri.js';
import type { TestContextOptions } from '../harness/step-context.js';
import { giveToTestUser, runStep, type StepFixture, startStepFixture } from './fixture.js';
import { type HttpsTestServer, selfSigned, startHttpsServer } from './https-test-server.js';

let fx: StepFixture;
let scratch: string;
let base: string;
let server: HttpsTestServer;
const GOOD = `Basic ${Buffer.from('ops:pa55-w0rd').toString('base64')}`;
/** The Last-Modified of /file.txt. */
const PUBLISHED = new Date('2026-01-01T00:00:00Z');
const requests: Array<{ url: string; auth?: string; since?: string }> = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  requests.push({
    url: req.url ?? '',
    ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
    ...(req.headers['if-modified-since'] ? { since: req.headers['if-modified-since'] } : {}),
  });
  const authorized = req.headers.authorization === GOOD;
  if (req.url === '/asks') {
    if (!authorized) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="certbook"' });
      res.end();
      return;
    }
    res.writeHead(200);
    res.end('welcome');
    return;
  }
  // Many APIs answer 401 without asking for anything: only force_basic_auth gets in.
  if (req.url === '/api') {
    res.writeHead(authorized ? 200 : 401);
    res.end();
    return;
  }
  if (req.url === '/whoami') {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    res.writeHead(200);
    res.end(peer?.subject?.CN ? String(peer.subject.CN) : 'anonymous');
    return;
  }
  if (req.url === '/file.txt') {
    const since = req.headers['if-modified-since'];
    if (since && new Date(since) >= PUBLISHED) {
      res.writeHead(304);
      res.end();
      return;
    }
    res.writeHead(200, { 'Last-Modified': PUBLISHED.toUTCString() });
    res.end('release notes\n');
    return;
  }
  if (req.url === '/export') {
    res.writeHead(200, { 'Content-Disposition': 'attachment; filename="../report.csv"' });
    res.end('a,b\n');
    return;
  }
  res.writeHead(404);
  res.end();
}

before(async () => {
  fx = await startStepFixture();
  scratch = mkdtempSync(join(tmpdir(), 'certbook-uri-options-'));
  // The client's certificate and key live on the host, where Ansible's module would read them.
  selfSigned(join(fx.dir, 'client.key'), join(fx.dir, 'client.crt'), 'node-1');
  writeFileSync(
    join(fx.dir, 'client-both.pem'),
    readFileSync(join(fx.dir, 'client.crt'), 'utf8') + readFileSync(join(fx.dir, 'client.key'), 'utf8'),
  );
  giveToTestUser(fx, fx.dir);
  server = await startHttpsServer(scratch, handle, { requestCert: true, rejectUnauthorized: false });
  base = server.base;
});
after(async () => {
  server?.stop();
  await fx?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const uri = (args: Record<string, unknown>, options: TestContextOptions = {}): Promise<StepResult> =>
  runStep(uriStep, fx.host, { validate_certs: false, ...args }, options);

test('url_username/url_password answer a Basic challenge; force_basic_auth sends them at once; a wrong password stays a 401', async () => {
  requests.length = 0;
  const asked = await uri({ url: `${base}/asks`, url_username: 'ops', url_password: 'pa55-w0rd', return_content: true });
  assert.deepEqual([asked.failed, asked.data?.status, asked.data?.content], [undefined, 200, 'welcome'], asked.msg);
  assert.deepEqual(
    requests.map((r) => r.auth),
    [undefined, GOOD],
    'sent only once asked',
  );
  const unasked = await uri({ url: `${base}/api`, url_username: 'ops', url_password: 'pa55-w0rd', status_code: [401] });
  assert.equal(unasked.data?.status, 401, 'a 401 that asks for nothing is not answered');
  requests.length = 0;
  const forced = await uri({ url: `${base}/api`, url_username: 'ops', url_password: 'pa55-w0rd', force_basic_auth: true });
  assert.deepEqual([forced.failed, forced.data?.status], [undefined, 200]);
  assert.deepEqual(
    requests.map((r) => r.auth),
    [GOOD],
  );
  const wrong = await uri({ url: `${base}/asks`, url_username: 'ops', url_password: 'nope' });
  assert.deepEqual([wrong.failed, wrong.data?.status], [true, 401]);
});

test('client_cert (with client_key, or one file holding both) is read on the host and presented', async () => {
  const none = await uri({ url: `${base}/whoami`, return_content: true });
  assert.equal(none.data?.content, 'anonymous');
  const pair = await uri({
    url: `${base}/whoami`,
    return_content: true,
    client_cert: join(fx.dir, 'client.crt'),
    client_key: join(fx.dir, 'client.key'),
  });
  assert.equal(pair.data?.content, 'node-1', pair.msg);
  const both = await uri({ url: `${base}/whoami`, return_content: true, client_cert: join(fx.dir, 'client-both.pem') });
  assert.equal(both.data?.content, 'node-1', both.msg);
  const missing = await uri({ url: `${base}/whoami`, client_cert: join(fx.dir, 'nope.crt') });
  assert.equal(missing.failed, true);
  assert.match(missing.msg ?? '', /cannot read the client certificate or key/);
});

test('dest: written once, then If-Modified-Since gets a 304 (in status_code, as Ansible needs too) and nothing changes; check mode writes nothing', async () => {
  const dest = join(fx.dir, 'notes.txt');
  const checked = await uri({ url: `${base}/file.txt`, dest }, { check: true });
  assert.deepEqual([checked.changed, existsSync(dest)], [true, false]);
  requests.length = 0;
  const first = await uri({ url: `${base}/file.txt`, dest });
  assert.deepEqual([first.failed, first.changed, first.data?.path], [undefined, true, dest], first.msg);
  assert.equal(readFileSync(dest, 'utf8'), 'release notes\n');
  const second = await uri({ url: `${base}/file.txt`, dest, status_code: [200, 304] });
  assert.deepEqual([second.changed, second.data?.status, second.data?.path], [false, 304, dest]);
  assert.equal(requests[0]?.since, undefined);
  assert.ok(requests[1]?.since, 'the second request says how new the file is');
});

test("dest as a directory takes the answer's file name (never a path from the server); the second run is unchanged", async () => {
  const dir = join(fx.dir, 'downloads');
  mkdirSync(dir);
  giveToTestUser(fx, dir);
  const r = await uri({ url: `${base}/export`, dest: dir });
  assert.deepEqual([r.changed, r.data?.path], [true, join(dir, 'report.csv')], r.msg);
  assert.equal(readFileSync(join(dir, 'report.csv'), 'utf8'), 'a,b\n');
  assert.equal((await uri({ url: `${base}/export`, dest: dir })).changed, false, 'the same bytes again are no change');
});

test('creates and removes: nothing is sent when the file says it is done', async () => {
  requests.length = 0;
  const created = await uri({ url: `${base}/api`, creates: fx.dir });
  assert.deepEqual([created.changed, created.data?.stdout], [false, `skipped, since '${fx.dir}' exists`]);
  const removed = await uri({ url: `${base}/api`, removes: join(fx.dir, 'gone') });
  assert.deepEqual([removed.changed, removed.data?.stdout], [false, `skipped, since '${join(fx.dir, 'gone')}' does not exist`]);
  assert.equal(requests.length, 0);
  const goes = await uri({ url: `${base}/api`, removes: fx.dir, status_code: [401] });
  assert.equal(goes.data?.status, 401);
});
