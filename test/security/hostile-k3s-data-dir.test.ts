/**
 * The shipped check-expiry playbook over a simulated k3s server whose `server/tls` holds, next
 * to the real certificates, a garbage `.crt`, a FIFO, a link to /dev/zero and an empty file
 * whose name is template syntax plus terminal escapes. The run ends (no read hangs), names every
 * bad file with its own reason (UNREADABLE rows beside the good certificates in the table), shows
 * the hostile name escaped and untemplated, and exits 2 (the node needs attention). rotate
 * refuses such a node before touching it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../cli/run-cli.js';
import { type SimulatedFleet, startSimulatedFleet } from '../harness/simulated-cluster.js';
import { tempDir } from '../harness/temp-dir.js';
import { resultsOf, runPlaybook } from '../playbooks/playbook-run.js';

const HOSTILE_NAME = 'x{{ 7*7 }}\x1b]0;pwned\x07.crt';
const INTERPRETED = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
let fleet: SimulatedFleet;

before(async () => {
  fleet = await startSimulatedFleet({
    servers: 1,
    agents: 0,
    version: 'v1.30.13+k3s1',
    state: { leafDaysLeft: 300, servingDaysLeft: 300 },
  });
  const tls = join(fleet.cluster.servers[0]!.dataDir, 'server', 'tls');
  writeFileSync(join(tls, 'garbage.crt'), 'garbage\x1b]0;pwned\x07\n');
  writeFileSync(join(tls, HOSTILE_NAME), '');
  execFileSync('mkfifo', [join(tls, 'fifo.crt')]);
  symlinkSync('/dev/zero', join(tls, 'zero.crt'));
});

after(async () => {
  await fleet?.stop();
});

test('check-expiry over a tls dir with garbage, a FIFO, /dev/zero and a hostile file name: one reason per file, no hang, exit 2', {
  timeout: 60_000,
}, async () => {
  const report = join(tempDir('certbook-hostile-k3s-'), 'report.json');
  const run = await runCli(['run', 'check-expiry', '-i', fleet.inventoryFile, '--report', report], {
    env: { HOME: tempDir('certbook-home-') },
  });
  assert.equal(run.code, 2, run.stdout.slice(-2000) + run.stderr);
  assert.match(run.stdout, /server-1\s+: ok=\d+\s+changed=0\s+unreachable=0\s+failed=1/);
  const raw = run.stdout.match(INTERPRETED) ?? run.stderr.match(INTERPRETED);
  assert.equal(raw, null, `a raw control character reached the output at ${raw?.index}`);
  // The verdict names every file that could not be read, with its reason.
  const reason = /could not be read: ([^\n]*)/.exec(run.stdout)?.[1] ?? '';
  for (const part of [
    'fifo.crt: not a regular file (a device, FIFO or socket): not read',
    'garbage.crt: not a certificate: no PEM block and not DER',
    'x{{ 7*7 }}\\u001b]0;pwned\\u0007.crt: the file is empty',
    'zero.crt: not a regular file (a device, FIFO or socket): not read',
  ]) {
    assert.ok(reason.includes(part), `the plain output does not show why: ${part}`);
  }
  assert.ok(!run.stdout.includes('x49'), 'the file name was templated');
  const text = readFileSync(report, 'utf8');
  const read = readResult(text);
  assert.equal(read.status, 'ok', 'reading goes on past the bad files');
  const errors = read.result.errors as Array<{ path: string; error: string }>;
  assert.deepEqual(errors.map((e) => `${basename(e.path)}: ${e.error}`).sort(), [
    'fifo.crt: not a regular file (a device, FIFO or socket): not read',
    'garbage.crt: not a certificate: no PEM block and not DER',
    `${HOSTILE_NAME}: the file is empty`,
    'zero.crt: not a regular file (a device, FIFO or socket): not read',
  ]);
  // The good certificates are in the table all the same, the bad files beside them as UNREADABLE.
  const rows = (
    JSON.parse(text) as { records: { certificates: { rows: Array<{ values: { path: string; status: string } }> } } }
  ).records.certificates.rows.map((r) => r.values);
  assert.deepEqual(
    rows
      .filter((r) => r.status === 'UNREADABLE')
      .map((r) => basename(r.path))
      .sort(),
    ['fifo.crt', 'garbage.crt', HOSTILE_NAME, 'zero.crt'].sort(),
  );
  assert.ok(rows.filter((r) => r.status === 'OK').length >= 10, 'the good certificates are reported');
  assert.ok(rows.some((r) => basename(r.path) === 'serving-kube-apiserver.crt'));
});

function readResult(text: string): { status: string; result: Record<string, unknown> } {
  const report = JSON.parse(text) as {
    plays: Array<{ tasks: Array<{ name: string; results: Array<{ host: string; status: string; result: Record<string, unknown> }> }> }>;
  };
  const task = report.plays.flatMap((p) => p.tasks).find((t) => t.name === 'Read the certificate files')!;
  return task.results.find((r) => r.host === 'server-1')!;
}

test('rotate refuses the same node before touching it: no backup, no restart, the unreadable files named', {
  timeout: 60_000,
}, async () => {
  const pid = readFileSync(fleet.cluster.paths('server-1').pidFile, 'utf8');
  const run = await runPlaybook('rotate', fleet.inventoryFile, ['-e', 'force=true']);
  assert.equal(run.code, 2, run.stdout.slice(-2000));
  const refused = resultsOf(run.report, 'The node can be rotated safely');
  assert.deepEqual(
    refused.map((r) => r.status),
    ['failed'],
  );
  assert.match(String(refused[0]!.result.msg), /not rotating: 4 certificate file\(s\) could not be read \(.*fifo\.crt/);
  assert.deepEqual(resultsOf(run.report, 'Back up server/tls'), []);
  assert.equal(readFileSync(fleet.cluster.paths('server-1').pidFile, 'utf8'), pid, 'k3s was not restarted');
});
