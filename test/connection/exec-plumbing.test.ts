import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { MarkerFilter } from '../../src/connection/marker-filter.js';
import { OutputCollector } from '../../src/connection/output-collector.js';
import { buildCommand, killCommand, newMarkers } from '../../src/connection/remote-command.js';
import { Semaphore } from '../../src/connection/semaphore.js';

test('marker filter: a marker split across chunks is found; preamble and output are separated', () => {
  const out: Buffer[] = [];
  let args = '';
  const f = new MarkerFilter(
    '__m__',
    (c) => out.push(c),
    (a) => {
      args = a;
    },
  );
  for (const piece of ['login noise\npass', 'word: __', 'm_', '_ 4242', '\nreal ', 'output\n']) f.push(Buffer.from(piece));
  assert.equal(f.started, true);
  assert.equal(args, '4242');
  assert.equal(f.preamble(), 'login noise\npassword: ');
  assert.equal(Buffer.concat(out).toString(), 'real output\n');
});

test('marker filter: without a marker everything stays preamble, bounded', () => {
  const out: Buffer[] = [];
  const f = new MarkerFilter('__m__', (c) => out.push(c));
  for (let i = 0; i < 100; i++) f.push(Buffer.alloc(10_000, 0x61));
  assert.equal(f.started, false);
  assert.equal(out.length, 0);
  assert.ok(f.preamble().length <= 256 * 1024);
});

test('output collector keeps exactly the cap and flags the rest', () => {
  const c = new OutputCollector(10);
  c.push(Buffer.from('12345'));
  c.push(Buffer.from('6789abc'));
  c.push(Buffer.from('def'));
  assert.equal(c.text(), '123456789a');
  assert.equal(c.truncated, true);
  const d = new OutputCollector(10);
  d.push(Buffer.from('0123456789'));
  assert.equal(d.truncated, false);
});

test('built command lines run under sh: markers, cwd, env with hostile values', () => {
  const m = newMarkers();
  const line = buildCommand('printf "%s|%s|" "$A" "$B"; pwd', { cwd: '/tmp', env: { A: "it's $(id)", B: 'two\nlines' } }, m);
  const r = spawnSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
  assert.equal(r.stdout, `${m.start}\nit's $(id)|two\nlines|/tmp\n`);
  assert.match(r.stderr, new RegExp(`^${m.start} \\d+\\n$`));
  assert.throws(() => buildCommand('true', { env: { 'BAD-NAME': 'x' } }, m), RangeError);
});

test('a missing cwd fails the command before it runs', () => {
  const m = newMarkers();
  const r = spawnSync('/bin/sh', ['-c', buildCommand('echo ran', { cwd: '/nonexistent/dir' }, m)], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.ok(!r.stdout.includes('ran'));
});

test('become prefixes: sudo gets -S and the prompt only with a password, -n without', () => {
  const m = newMarkers();
  const withPw = buildCommand('id', { become: { method: 'sudo', user: 'root', password: 'secret' } }, m);
  assert.ok(withPw.includes(`sudo -S -p ${m.prompt} -H -u root -- /bin/sh -c`));
  assert.ok(!withPw.includes('secret'));
  assert.ok(buildCommand('id', { become: { method: 'sudo', user: 'root' } }, m).includes('sudo -n -H -u root'));
  assert.ok(buildCommand('id', { become: { method: 'su', user: 'app', flags: '-m' } }, m).includes('su -m - app -c'));
});

test('kill command targets process groups and tolerates gone processes', () => {
  assert.equal(killCommand([1, 0, -5], 'TERM'), 'true');
  const cmd = killCommand([999999, 999999], 'KILL');
  assert.equal(cmd.match(/kill -KILL -999999/g)?.length, 1);
  assert.equal(spawnSync('/bin/sh', ['-c', cmd]).status, 0);
});

test('the kill command ends a whole process group under /bin/sh (dash rejects `kill -- -PGID`)', async () => {
  const child = spawn('/bin/sh', ['-c', 'sleep 33.9 & sleep 33.9; echo survived'], { detached: true, stdio: 'ignore' });
  const count = (): number => Number(spawnSync('pgrep', ['-c', '-f', '^sleep 33.9'], { encoding: 'utf8' }).stdout.trim());
  for (let i = 0; i < 100 && count() < 2; i++) await new Promise((r) => setTimeout(r, 10)); // both sleeps started
  assert.equal(count(), 2);
  const r = spawnSync('/bin/sh', ['-c', killCommand([child.pid!], 'TERM')]);
  assert.equal(r.status, 0);
  await new Promise((r) => child.once('close', r));
  await new Promise((r) => setTimeout(r, 50));
  assert.notEqual(spawnSync('pgrep', ['-f', 'sleep 33.9']).status, 0);
});

test('semaphore: never more than the limit, FIFO hand-over', async () => {
  const s = new Semaphore(3);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const release = await s.acquire();
      order.push(i);
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
      release();
      release(); // double release must not free two slots
    }),
  );
  assert.equal(peak, 3);
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a - b),
  );
  assert.equal(s.inUse, 0);
  assert.throws(() => new Semaphore(0), RangeError);
});
