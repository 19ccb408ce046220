/**
 * `certbook demo`, as the README's first command runs it: the in-process SSH server, the
 * simulated v1.18 fleet, the trap found by check-expiry, fixed by rotate, confirmed by the
 * last check-expiry; nothing left behind.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../cli/run-cli.js';

test('certbook demo finds the stale serving certificate, rotates, ends clean (exit 0) and leaves the two HTML reports', async () => {
  const r = await runCli(['demo'], { env: { CI: 'true' } });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /certificate\(s\) inside the 90-day window, the soonest \S+ \(30 days left\): run rotate/);
  assert.match(r.stdout, /the serving certificate needs attention too \(the served certificate is EXPIRED/);
  assert.match(r.stdout, /check-expiry exited 2/);
  assert.match(r.stdout, /rotate exited 0/);
  assert.match(r.stdout, /All fine/);
  // The cluster directory named in the output is gone.
  const root = /(\/\S+certbook-k3s-\w+)\/nodes\//.exec(r.stdout)?.[1];
  assert.ok(root, 'the output names the cluster directory');
  assert.equal(existsSync(root!), false);
  // The HTML reports of the first and last check-expiry are kept and named.
  const pages = [...r.stdout.matchAll(/^\s+(\/\S+check-expiry-(before|after)\.html)$/gm)].map((m) => m[1]!);
  assert.equal(pages.length, 2, r.stdout.slice(-800));
  const [before, after] = pages.map((p) => readFileSync(p, 'utf8'));
  assert.match(before!, /exit 2: attention/);
  assert.match(after!, /exit 0: all fine/);
  rmSync(dirname(pages[0]!), { recursive: true, force: true });
});

test('the demo SSH server refuses to listen anywhere but loopback', async () => {
  const { startDemoSshServer } = await import('../../src/demo/demo-ssh-server.js');
  await assert.rejects(startDemoSshServer([{ address: '0.0.0.0', pathDirs: [] }]), /loopback only/);
});
