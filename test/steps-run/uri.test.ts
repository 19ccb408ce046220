/**
 * `uri` against a real local HTTPS server, the connection opened from the host over the real
 * sshd (and from the controller): JSON answers, headers, status_code, return_content,
 * validate_certs and ca_path, POST bodies, redirects as follow_redirects says, timeouts, check
 * mode, and an Authorization header that never reaches the output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { StepResult } from '../../src/steps/step-run.js';
import { uriStep } from '../../src/steps/uri.js';
import { runCli } from '../cli/run-cli.js';
import type { TestContextOptions } from '../harness/step-context.js';
import { runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
let scratch: string;
let base: string;
let server: ReturnType<typeof createServer>;
const seen: Array<{ method: string; url: string; auth?: string; body: string }> = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (c: Buffer) => {
    body += c.toString();
  });
  req.on('end', () => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      ...(req.headers.authorization ? { auth: req.headers.authorization } : {}),
      body,
    });
    if (req.url === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Node-Name': 'n1' });
      res.end('{"ready": true, "checks": 3}');
      return;
    }
    if (req.url === '/fail') {
      res.writeHead(500);
      res.end('broken');
      return;
    }
    if (req.url === '/moved') {
      res.writeHead(302, { Location: '/readyz' });
      res.end();
      return;
    }
    if (req.url === '/hang') return; // never answers
    if (req.method === 'POST') {
      res.writeHead(201, { 'Content-Type': 'text/plain' });
      res.end(`got ${body}`);
      return;
    }
    res.writeHead(404);
    res.end();
  });
}

before(async () => {
  fx = await startStepFixture();
  scratch = mkdtempSync(join(tmpdir(), 'certbook-uri-'));
  // A certificate valid now for 127.0.0.1, self-signed: trusted only through ca_path.
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
      '/CN=uri-test',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(scratch, 'key.pem'),
      '-out',
      join(scratch, 'cert.pem'),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  server = createServer({ key: readFileSync(join(scratch, 'key.pem')), cert: readFileSync(join(scratch, 'cert.pem')) }, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server?.closeAllConnections();
  server?.close();
  await fx?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const uri = (args: Record<string, unknown>, options: TestContextOptions = {}): Promise<StepResult> =>
  runStep(uriStep, fx.host, args, options);

test('a JSON health check from the host: status, json, headers; unchanged every time; check mode still sends a GET', async () => {
  const r = await uri({ url: `${base}/readyz`, validate_certs: false });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, false);
  assert.deepEqual(
    [r.data?.status, r.data?.json, r.data?.x_node_name, r.data?.content_type],
    [200, { ready: true, checks: 3 }, 'n1', 'application/json'],
  );
  assert.equal(r.data?.content, undefined);
  const again = await uri({ url: `${base}/readyz`, validate_certs: false, return_content: true }, { check: true });
  assert.deepEqual([again.changed, again.data?.content], [false, '{"ready": true, "checks": 3}']);
});

test('validate_certs refuses an unknown issuer; ca_path trusts it', async () => {
  const strict = await uri({ url: `${base}/readyz` });
  assert.equal(strict.failed, true);
  assert.match(strict.msg ?? '', /Status code was -1 .*certificate/i);
  const trusted = await uri({ url: `${base}/readyz`, ca_path: join(scratch, 'cert.pem') });
  assert.equal(trusted.failed, undefined, trusted.msg);
});

test('status_code decides success; a failure says the status', async () => {
  const bad = await uri({ url: `${base}/fail`, validate_certs: false, return_content: true });
  assert.equal(bad.failed, true);
  assert.match(bad.msg ?? '', /^Status code was 500 and not \[200\]/);
  assert.equal(bad.data?.content, 'broken');
  const ok = await uri({ url: `${base}/fail`, validate_certs: false, status_code: [200, 500] });
  assert.equal(ok.failed, undefined);
  assert.equal((await uri({ url: `${base}/fail`, validate_certs: false, status_code: 500 })).failed, undefined);
});

test('POST a JSON body with an Authorization header, from the controller; check mode does not send it', async () => {
  seen.length = 0;
  const args = {
    url: `${base}/hook`,
    method: 'POST',
    from: 'controller',
    validate_certs: false,
    headers: { Authorization: 'Bearer s3cr3t-token' },
    body_format: 'json',
    body: { text: 'rotated' },
    status_code: [201],
    return_content: true,
  };
  const skipped = await uri(args, { check: true });
  assert.equal(skipped.skipped, true);
  assert.equal(seen.length, 0);
  const r = await uri(args);
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.data?.content, 'got {"text":"rotated"}');
  assert.deepEqual(seen, [{ method: 'POST', url: '/hook', auth: 'Bearer s3cr3t-token', body: '{"text":"rotated"}' }]);
  const form = await uri({ ...args, body_format: 'form-urlencoded', body: { a: '1 2', b: 'x&y' } });
  assert.equal(form.data?.content, 'got a=1+2&b=x%26y');
});

test('redirects: safe follows a GET, not a POST; none follows nothing', async () => {
  const followed = await uri({ url: `${base}/moved`, validate_certs: false });
  assert.deepEqual([followed.data?.status, followed.data?.url, followed.data?.redirected], [200, `${base}/readyz`, true]);
  const none = await uri({ url: `${base}/moved`, validate_certs: false, follow_redirects: 'none', status_code: 302 });
  assert.deepEqual([none.data?.status, none.data?.redirected], [302, false]);
  const post = await uri({ url: `${base}/moved`, method: 'POST', body: 'x', validate_certs: false, status_code: [302] });
  assert.equal(post.data?.status, 302);
  const all = await uri({ url: `${base}/moved`, method: 'POST', body: 'x', validate_certs: false, follow_redirects: 'all' });
  assert.deepEqual([all.data?.status, all.data?.url], [200, `${base}/readyz`]);
});

test('a server that never answers fails after timeout; nothing listening fails at once', async () => {
  const hung = await uri({ url: `${base}/hang`, validate_certs: false, timeout: 1 });
  assert.equal(hung.failed, true);
  assert.match(hung.msg ?? '', /timed out after 1 s/);
  const closed = await uri({ url: 'http://127.0.0.1:1/', timeout: 5 });
  assert.deepEqual([closed.failed, closed.data?.status], [true, -1]);
});

test("through the runner: the Authorization header's value never reaches the output, even at -vvv on failure", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-uri-run-'));
  try {
    writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts:\n    h1: {ansible_connection: local}\n');
    writeFileSync(
      join(dir, 'pb.yaml'),
      [
        '- hosts: all',
        '  gather_facts: false',
        '  vars: {token: s3cr3t-run-token}',
        '  tasks:',
        `    - uri: {url: "${base}/fail", validate_certs: false, headers: {Authorization: "Bearer {{ token }}"}}`,
        '',
      ].join('\n'),
    );
    const r = await runCli(
      ['run', join(dir, 'pb.yaml'), '-i', join(dir, 'inv.yaml'), '--renderer', 'plain', '-vvv', '--report', join(dir, 'report.json')],
      { cwd: dir },
    );
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /Status code was 500/);
    assert.doesNotMatch(r.stdout + r.stderr + readFileSync(join(dir, 'report.json'), 'utf8'), /s3cr3t-run-token/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
