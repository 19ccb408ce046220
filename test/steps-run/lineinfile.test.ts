/**
 * `lineinfile` over the real sshd: the edit written once and unchanged on the second run, check
 * and diff modes, create, backup, validate, mode and owner, a directory or a missing file, and
 * a file's `{{` kept as text. Ansible's edit semantics themselves are held to ansible-playbook's
 * results in test/steps/file-edits-ansible.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { lineinfileStep } from '../../src/steps/lineinfile.js';
import type { StepResult } from '../../src/steps/step-run.js';
import type { TestContextOptions } from '../harness/step-context.js';
import { giveToTestUser, runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
before(async () => {
  fx = await startStepFixture();
});
after(async () => {
  await fx?.stop();
});

const perms = (p: string): number => statSync(p).mode & 0o7777;
const lineinfile = (args: Record<string, unknown>, options: TestContextOptions = {}): Promise<StepResult> =>
  runStep(lineinfileStep, fx.host, args, options);

test('regexp replaces the line once; the second run is unchanged; check mode and diff write nothing', async () => {
  const path = join(fx.dir, 'k3s.env');
  writeFileSync(path, 'A=1\nCATTLE_NEW_SIGNED_CERT_EXPIRATION_DAYS=90\nB={{ not_a_template }}\n');
  giveToTestUser(fx, path);
  const args = { path, regexp: '^CATTLE_NEW_SIGNED_CERT_EXPIRATION_DAYS=', line: 'CATTLE_NEW_SIGNED_CERT_EXPIRATION_DAYS=365' };
  const check = await lineinfile(args, { check: true, diff: true });
  assert.deepEqual([check.changed, check.msg], [true, 'line replaced']);
  assert.match(check.diff?.[0]?.after ?? '', /DAYS=365/);
  assert.match(readFileSync(path, 'utf8'), /DAYS=90/);
  const r = await lineinfile(args);
  assert.equal(r.failed, undefined, r.msg);
  assert.deepEqual([r.changed, r.msg], [true, 'line replaced']);
  assert.equal(readFileSync(path, 'utf8'), 'A=1\nCATTLE_NEW_SIGNED_CERT_EXPIRATION_DAYS=365\nB={{ not_a_template }}\n');
  const again = await lineinfile(args);
  assert.deepEqual([again.changed, again.msg], [false, '']);
});

test('create makes a missing file (mode applied); without it a missing file fails; absent on a missing file is ok', async () => {
  const path = join(fx.dir, 'created.conf');
  const missing = await lineinfile({ path, line: 'x=1' });
  assert.equal(missing.failed, true);
  assert.match(missing.msg ?? '', /does not exist/);
  const created = await lineinfile({ path, line: 'x=1', create: true, mode: '0600' });
  assert.deepEqual([created.changed, created.msg], [true, 'line added']);
  assert.equal(readFileSync(path, 'utf8'), 'x=1\n');
  assert.equal(perms(path), 0o600);
  assert.equal((await lineinfile({ path, line: 'x=1', create: true, mode: '0600' })).changed, false);
  const gone = await lineinfile({ path: join(fx.dir, 'never-was'), line: 'x', state: 'absent' });
  assert.deepEqual([gone.changed, gone.msg, gone.failed], [false, 'file not present', undefined]);
});

test('absent removes every matching line and registers found; backup keeps the old file', async () => {
  const path = join(fx.dir, 'hosts');
  writeFileSync(path, '10.0.0.1 a\n10.0.0.2 b\n10.0.0.1 c\n');
  giveToTestUser(fx, path);
  const r = await lineinfile(
    { path, search_string: '10.0.0.1 ', state: 'absent', backup: true },
    { now: () => new Date('2026-03-01T00:00:00Z') },
  );
  assert.deepEqual([r.changed, r.msg, r.data?.found], [true, '2 line(s) removed', 2]);
  assert.equal(readFileSync(path, 'utf8'), '10.0.0.2 b\n');
  assert.equal(r.data?.backup, `${path}.20260301T000000Z~`);
  assert.equal(readFileSync(`${path}.20260301T000000Z~`, 'utf8'), '10.0.0.1 a\n10.0.0.2 b\n10.0.0.1 c\n');
  const again = await lineinfile({ path, search_string: '10.0.0.1 ', state: 'absent' });
  assert.deepEqual([again.changed, again.data?.found], [false, 0]);
});

test('insertafter, insertbefore and backrefs on the host; firstmatch picks the first', async () => {
  const path = join(fx.dir, 'unit');
  writeFileSync(path, '[Service]\nExecStart=/usr/bin/k3s server --flag\n[Service]\n');
  giveToTestUser(fx, path);
  await lineinfile({ path, line: 'Restart=always', insertafter: '^\\[Service\\]', firstmatch: true });
  await lineinfile({ path, line: '# managed', insertbefore: 'BOF' });
  const b = await lineinfile({ path, regexp: '^(ExecStart=\\S+ server)(?!.*--tls-san)(.*)$', line: '\\1 --tls-san=lb\\2', backrefs: true });
  assert.deepEqual([b.changed, b.msg], [true, 'line replaced']);
  assert.equal(
    readFileSync(path, 'utf8'),
    '# managed\n[Service]\nRestart=always\nExecStart=/usr/bin/k3s server --tls-san=lb --flag\n[Service]\n',
  );
  assert.equal(
    (await lineinfile({ path, regexp: '^(ExecStart=\\S+ server)(?!.*--tls-san)(.*)$', line: '\\1 --tls-san=lb\\2', backrefs: true }))
      .changed,
    false,
  );
  const before = await lineinfile({ path, line: 'Type=notify', insertbefore: '^ExecStart=' });
  assert.equal(before.changed, true);
  assert.match(readFileSync(path, 'utf8'), /Restart=always\nType=notify\nExecStart=/);
});

test('validate rejects the edit and leaves the file; a directory or a conflicting edit fails; owner as root', async () => {
  const path = join(fx.dir, 'checked');
  writeFileSync(path, 'ok\n');
  giveToTestUser(fx, path);
  const bad = await lineinfile({ path, line: 'broken', validate: 'sh -c "! grep -q broken %s"' });
  assert.equal(bad.failed, true);
  assert.match(bad.msg ?? '', /validation failed/);
  assert.equal(readFileSync(path, 'utf8'), 'ok\n');
  const dir = await lineinfile({ path: fx.dir, line: 'x' });
  assert.equal(dir.failed, true);
  assert.match(dir.msg ?? '', /is a directory/);
  const noLine = await lineinfile({ path, regexp: '^ok' });
  assert.deepEqual([noLine.failed, noLine.msg], [true, 'line is required with state=present']);
  const owned = await runStep(lineinfileStep, fx.sudoHost, { path, line: 'ok', owner: 'root', group: 'root' }, { become: fx.sudo });
  assert.deepEqual([owned.changed, owned.msg], [true, 'ownership, perms or SE linux context changed']);
  assert.equal(statSync(path).uid, 0);
  assert.equal(existsSync(path), true);
});
