/**
 * deploy/systemd/: the service and timer pass `systemd-analyze verify` (Debian's systemd) without
 * a word, with certbook itself where the unit runs it (/usr/local/bin/certbook, bound there in a
 * private mount namespace only); the same check speaks up on a misspelt key, so its silence
 * means something. The schedule, the exit-code mapping and the metrics hand-off to
 * node_exporter's textfile collector are held to what the README says.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promtool } from '../harness/promtool.js';
import { tempDir } from '../harness/temp-dir.js';

const root = join(import.meta.dirname, '..', '..');
const unitDir = join(root, 'deploy', 'systemd');
const SERVICE = 'certbook-check-expiry.service';
const TIMER = 'certbook-check-expiry.timer';
const read = (name: string): string => readFileSync(join(unitDir, name), 'utf8');

/** `systemd-analyze verify` on the unit files in `dir`, with certbook at /usr/local/bin/certbook. */
function verify(dir: string): { code: number; output: string } {
  const certbook = join(root, 'bin', 'certbook.js');
  const script = `mount -t tmpfs tmpfs /usr/local/bin && ln -s "$1" /usr/local/bin/certbook && shift && exec systemd-analyze verify "$@"`;
  const r = spawnSync(
    'unshare',
    ['--mount', '--propagation', 'private', 'sh', '-c', script, 'verify', certbook, join(dir, SERVICE), join(dir, TIMER)],
    {
      cwd: tempDir('certbook-units-cwd-'),
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (r.error) throw r.error;
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/** The value of `key=` in a unit's text (the last one, as systemd reads it). */
function directive(text: string, key: string): string | undefined {
  return [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].at(-1)?.[1];
}

test('systemd-analyze verify accepts the service and the timer without a warning', () => {
  const r = verify(unitDir);
  assert.equal(r.code, 0, r.output);
  assert.equal(r.output, '');
});

test('the same verify names a misspelt key and a bad value, so its silence above counts', () => {
  const dir = tempDir('certbook-units-broken-');
  writeFileSync(join(dir, TIMER), read(TIMER).replace('Persistent=', 'Persistant='));
  writeFileSync(join(dir, SERVICE), read(SERVICE).replace('SuccessExitStatus=2', 'SuccessExitStatus=two'));
  const r = verify(dir);
  assert.match(r.output, /Unknown key '?Persistant'? in section \[?Timer\]?/);
  assert.match(r.output, /Failed to parse value, ignoring: two/);
});

test('the timer: daily, a randomized delay fixed per machine, runs missed while off are caught up', () => {
  const timer = read(TIMER);
  assert.equal(directive(timer, 'Persistent'), 'true');
  assert.equal(directive(timer, 'RandomizedDelaySec'), '30min');
  assert.equal(directive(timer, 'FixedRandomDelay'), 'true');
  const calendar = spawnSync('systemd-analyze', ['calendar', directive(timer, 'OnCalendar')!], { encoding: 'utf8' });
  assert.equal(calendar.status, 0, calendar.stderr);
  assert.match(calendar.stdout, /Normalized form: \*-\*-\* 02:00:00/);
  assert.equal(directive(timer, 'WantedBy'), 'timers.target');
});

test('the service: exit 2 (attention) is a success, every other non-zero code a failure; unprivileged, cleanup time kept', () => {
  const service = read(SERVICE);
  assert.equal(directive(service, 'SuccessExitStatus'), '2');
  assert.equal(directive(service, 'Type'), 'oneshot');
  assert.equal(directive(service, 'User'), 'certbook');
  assert.equal(directive(service, 'NoNewPrivileges'), 'yes');
  assert.equal(directive(service, 'CapabilityBoundingSet'), '');
  assert.ok(Number(directive(service, 'TimeoutStopSec')) >= 90, "longer than the interrupt's 30 s + cleanup's 60 s");
  assert.match(
    directive(service, 'ExecStart')!,
    /^\/usr\/local\/bin\/certbook run check-expiry -i \S+ .*--metrics \/var\/lib\/certbook\/check-expiry\.prom$/,
  );
  assert.equal(directive(service, 'ExecStartPre'), '/bin/rm -f /var/lib/certbook/check-expiry.prom');
});

test("the metrics hand-off: published 0644 by a rename into the collector's directory, after failed runs too, never a stale file", () => {
  const post = directive(read(SERVICE), 'ExecStopPost')!;
  assert.ok(post.startsWith('+/bin/sh -c '), 'runs after every run, privileged only for the copy');
  const base = tempDir('certbook-units-metrics-');
  const state = join(base, 'state');
  const textfile = join(base, 'textfile');
  mkdirSync(state);
  mkdirSync(textfile);
  const command = post
    .slice('+/bin/sh -c '.length)
    .replace(/^'|'$/g, '')
    .replace('/var/lib/certbook', state)
    .replace('/var/lib/prometheus/node-exporter', textfile);
  const publish = () => spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
  // No metrics from this run (ExecStartPre removed the old file): nothing is published.
  assert.equal(publish().status, 0);
  assert.deepEqual(readdirSync(textfile), []);
  const metrics =
    '# HELP certbook_run_exit_code The exit code of the last run.\n# TYPE certbook_run_exit_code gauge\ncertbook_run_exit_code{playbook="check-expiry"} 3\n';
  writeFileSync(join(state, 'check-expiry.prom'), metrics, { mode: 0o600 });
  const r = publish();
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(textfile), ['certbook-check-expiry.prom']);
  const published = join(textfile, 'certbook-check-expiry.prom');
  assert.equal(readFileSync(published, 'utf8'), metrics);
  assert.equal(statSync(published).mode & 0o777, 0o644);
  assert.equal(promtool(['check', 'metrics'], readFileSync(published, 'utf8')).code, 0);
});
