import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { StepResult } from '../../src/steps/step-run.js';
import { waitForStep } from '../../src/steps/wait-for.js';
import type { TestContextOptions } from '../harness/step-context.js';
import { expiredCert } from './expired-cert.js';
import { runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
before(async () => {
  fx = await startStepFixture();
});
after(async () => {
  await fx?.stop();
});

const waitFor = (args: Record<string, unknown>, options: TestContextOptions = {}): Promise<StepResult> =>
  runStep(waitForStep, fx.host, args, options);
const later = (ms: number, fn: () => void): NodeJS.Timeout => setTimeout(fn, ms);

function listen(server: Server | HttpServer, port = 0): Promise<number> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}
async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

test('port started: polls until the host can connect', async () => {
  const port = await freePort();
  const server = createServer((sock) => sock.destroy());
  later(1200, () => void listen(server, port));
  try {
    const r = await waitFor({ port, timeout: 10, sleep: 1 });
    assert.equal(r.failed, undefined, r.msg);
    assert.equal(r.changed, false);
    const elapsed = Number(r.data?.elapsed);
    assert.ok(elapsed >= 1 && elapsed < 5, `elapsed ${elapsed}`);
  } finally {
    server.close();
  }
});

test('port stopped: waits until connections are refused; a timeout fails with msg', async () => {
  const server = createServer((sock) => sock.destroy());
  const port = await listen(server);
  later(1000, () => server.close());
  const r = await waitFor({ port, state: 'stopped', timeout: 10 });
  assert.equal(r.failed, undefined, r.msg);
  assert.ok(Number(r.data?.elapsed) >= 0.9);
  const t0 = Date.now();
  const timedOut = await waitFor({ port, timeout: 2, msg: 'k3s did not come back' });
  assert.equal(timedOut.failed, true);
  assert.equal(timedOut.msg, 'k3s did not come back');
  assert.ok(Date.now() - t0 < 4000);
});

test('port drained: waits for established connections to close', async () => {
  const sockets: Socket[] = [];
  const server = createServer((sock) => {
    sockets.push(sock);
  });
  const port = await listen(server);
  const client = connect(port, '127.0.0.1');
  await new Promise((r) => client.once('connect', r));
  later(1200, () => {
    client.destroy();
    for (const s of sockets) s.destroy();
  });
  try {
    const r = await waitFor({ port, state: 'drained', timeout: 10 });
    assert.equal(r.failed, undefined, r.msg);
    assert.ok(Number(r.data?.elapsed) >= 1, `elapsed ${String(r.data?.elapsed)}`);
  } finally {
    server.close();
  }
});

test('path present, absent and with search_regex (groups registered)', async () => {
  const path = join(fx.dir, 'dynamic-cert $(touch PWNED).json');
  later(1000, () => writeFileSync(path, '{"pending": true}'));
  const present = await waitFor({ path, state: 'present', timeout: 10 }, { check: true });
  assert.equal(present.failed, undefined, present.msg);
  assert.equal(present.changed, false, 'waiting changes nothing, in check mode too');
  later(800, () => writeFileSync(path, 'line one\nserial: 0A1B\n'));
  const match = await waitFor({ path, search_regex: '^serial: (?P<serial>[0-9A-F]+)$', timeout: 10 });
  assert.equal(match.failed, undefined, match.msg);
  assert.deepEqual(match.data?.match_groups, ['0A1B']);
  assert.deepEqual(match.data?.match_groupdict, { serial: '0A1B' });
  later(800, () => rmSync(path));
  const absent = await waitFor({ path, state: 'absent', timeout: 10 });
  assert.equal(absent.failed, undefined, absent.msg);
  assert.equal(existsSync(path), false);
  assert.equal(readdirSync(fx.dir).includes('PWNED'), false);
});

test('a bad search_regex fails at once; drained without port fails at once', async () => {
  const t0 = Date.now();
  const r = await waitFor({ path: join(fx.dir, 'x'), search_regex: '(unclosed', timeout: 30 });
  assert.equal(r.failed, true);
  assert.match(String(r.msg), /search_regex/);
  assert.equal((await waitFor({ path: join(fx.dir, 'x'), state: 'drained', timeout: 30 })).failed, true);
  assert.ok(Date.now() - t0 < 2000);
});

test('url over http: status_code list and search_regex on the body', async () => {
  let status = 503;
  const server = createHttpServer((req, res) => {
    res.writeHead(status);
    res.end(`pong from ${req.url}`);
  });
  const port = await listen(server);
  later(1000, () => {
    status = 401;
  });
  try {
    const r = await waitFor({
      url: `http://127.0.0.1:${port}/ping`,
      status_code: [200, 401],
      search_regex: 'pong from (/\\w+)',
      timeout: 10,
    });
    assert.equal(r.failed, undefined, r.msg);
    assert.equal(r.data?.status, 401);
    assert.deepEqual(r.data?.match_groups, ['/ping']);
    assert.ok(Number(r.data?.elapsed) >= 0.9);
    const wrong = await waitFor({ url: `http://127.0.0.1:${port}/ping`, timeout: 1 });
    assert.equal(wrong.failed, true);
    assert.equal(wrong.data?.status, 401);
  } finally {
    server.close();
  }
});

test('url over https: an expired certificate still answers unless validate_certs', async () => {
  const { key, cert } = await expiredCert();
  const server = createHttpsServer({ key, cert }, (_req, res) => {
    res.writeHead(200);
    res.end('pong');
  });
  const port = await listen(server);
  try {
    const r = await waitFor({ url: `https://127.0.0.1:${port}/ping`, timeout: 5 });
    assert.equal(r.failed, undefined, r.msg);
    assert.equal(r.data?.status, 200);
    const strict = await waitFor({ url: `https://127.0.0.1:${port}/ping`, validate_certs: true, timeout: 1 });
    assert.equal(strict.failed, true);
    assert.match(String(strict.msg), /certificate/i);
  } finally {
    server.close();
  }
});

test('url stopped: waits until nothing answers', async () => {
  const server = createHttpServer((_req, res) => res.end('up'));
  const port = await listen(server);
  later(1000, () => {
    server.close();
    server.closeAllConnections();
  });
  const r = await waitFor({ url: `http://127.0.0.1:${port}/`, state: 'stopped', timeout: 10 });
  assert.equal(r.failed, undefined, r.msg);
});

test('delay comes first; with no target it sleeps timeout seconds', async () => {
  const delayed = await waitFor({ path: fx.dir, delay: 1, timeout: 10 });
  assert.ok(Number(delayed.data?.elapsed) >= 1);
  const slept = await waitFor({ timeout: 1 });
  assert.equal(slept.failed, undefined);
  assert.ok(Number(slept.data?.elapsed) >= 1);
});

test('an abort (interrupt, task timeout) ends the wait at once', async () => {
  const controller = new AbortController();
  later(300, () => controller.abort(new Error('interrupted')));
  const t0 = Date.now();
  await assert.rejects(waitFor({ path: join(fx.dir, 'never'), timeout: 60 }, { signal: controller.signal }));
  assert.ok(Date.now() - t0 < 3000);
});

test('the last check is at the deadline: a sleep longer than what is left is cut short, never skipped', async () => {
  // timeout 2, sleep 5: checks at 0 and 2 s; the file comes at 1.5 s, seen by the check at 2 s.
  const path = join(fx.dir, 'late-file');
  later(1500, () => writeFileSync(path, ''));
  const seen = await waitFor({ path, timeout: 2, sleep: 5 });
  assert.equal(seen.failed, undefined, seen.msg);
  const elapsed = Number(seen.data?.elapsed);
  assert.ok(elapsed >= 1.5 && elapsed < 5, `seen at the deadline (${elapsed} s), not after a whole sleep`);
  // timeout 1 checks twice (at 0 and 1 s), not once.
  const soon = join(fx.dir, 'soon-file');
  later(500, () => writeFileSync(soon, ''));
  const twice = await waitFor({ path: soon, timeout: 1 });
  assert.equal(twice.failed, undefined, twice.msg);
});

test('a wait that fails, fails at its timeout, not at its last full sleep', async () => {
  const failed = await waitFor({ path: join(fx.dir, 'never-there'), timeout: 2, sleep: 5 });
  assert.equal(failed.failed, true);
  assert.match(String(failed.msg), /^timeout after 2 s/);
  assert.ok(Number(failed.data?.elapsed) >= 2, `gave up at ${String(failed.data?.elapsed)} s, not before the timeout`);
});

test('a catastrophic search_regex on the file fails the wait at once with the reason, instead of holding the run', async () => {
  const path = join(fx.dir, 'evil-file');
  writeFileSync(path, `${'a'.repeat(32)}!`);
  const t0 = Date.now();
  const r = await waitFor({ path, search_regex: '(a+)+$', timeout: 300 });
  assert.equal(r.failed, true);
  assert.match(
    String(r.msg),
    /^search_regex: the regular expression .* ran longer than \d+ s on a 33-character text and was stopped \(catastrophic backtracking/,
  );
  // Generous: the 2 s limit and a worker start on a loaded machine, far below the 300 s timeout.
  assert.ok(Date.now() - t0 < 60_000, `${Date.now() - t0} ms`);
});
