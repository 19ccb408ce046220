/**
 * `blockinfile` over the real sshd: inserted once and unchanged on the second run, replaced in
 * place, check and diff modes, create with mode, backup, validate, owner, removal. Ansible's
 * placement semantics are held to ansible-playbook's results in test/steps/file-edits-ansible.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { blockinfileStep } from '../../src/steps/blockinfile.js';
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

const blockinfile = (args: Record<string, unknown>, options: TestContextOptions = {}): Promise<StepResult> =>
  runStep(blockinfileStep, fx.host, args, options);
const SANS = 'tls-san:\n  - lb.example.com\n';
const MARKED = '# BEGIN certbook\ntls-san:\n  - lb.example.com\n# END certbook\n';

test('a new file with its block and mode; the second run is unchanged; check mode writes nothing', async () => {
  const path = join(fx.dir, 'config.yaml');
  const args = { path, block: SANS, marker: '# {mark} certbook', create: true, mode: '0600' };
  const check = await blockinfile(args, { check: true, diff: true });
  assert.deepEqual([check.changed, check.msg], [true, 'File created']);
  assert.equal(check.diff?.[0]?.after, MARKED);
  assert.equal(existsSync(path), false);
  const r = await blockinfile(args);
  assert.equal(r.failed, undefined, r.msg);
  assert.deepEqual([r.changed, r.msg], [true, 'File created']);
  assert.equal(readFileSync(path, 'utf8'), MARKED);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual([(await blockinfile(args)).changed], [false]);
});

test('the block is replaced in place with a backup, then removed; {{ in the file stays text', async () => {
  const path = join(fx.dir, 'edited.yaml');
  writeFileSync(path, `top: "{{ x }}"\n${MARKED}bottom: 1\n`);
  giveToTestUser(fx, path);
  const r = await blockinfile(
    { path, block: 'tls-san: []', marker_begin: 'BEGIN', marker_end: 'END', marker: '# {mark} certbook', backup: true },
    { now: () => new Date('2026-04-01T00:00:00Z') },
  );
  assert.deepEqual([r.changed, r.msg], [true, 'Block inserted']);
  assert.equal(readFileSync(path, 'utf8'), 'top: "{{ x }}"\n# BEGIN certbook\ntls-san: []\n# END certbook\nbottom: 1\n');
  assert.equal(r.data?.backup_file, `${path}.20260401T000000Z~`);
  assert.equal(readFileSync(`${path}.20260401T000000Z~`, 'utf8'), `top: "{{ x }}"\n${MARKED}bottom: 1\n`);
  const gone = await blockinfile({ path, marker: '# {mark} certbook', state: 'absent' });
  assert.deepEqual([gone.changed, gone.msg], [true, 'Block removed']);
  assert.equal(readFileSync(path, 'utf8'), 'top: "{{ x }}"\nbottom: 1\n');
  assert.equal((await blockinfile({ path, marker: '# {mark} certbook', state: 'absent' })).changed, false);
});

test('insertbefore places a new block; validate rejects a bad one; a missing file without create fails; owner as root', async () => {
  const path = join(fx.dir, 'sshd_config');
  writeFileSync(path, 'Port 22\nMatch all\n');
  giveToTestUser(fx, path);
  const placed = await blockinfile({ path, block: 'PermitRootLogin no', insertbefore: '^Match' });
  assert.equal(placed.changed, true);
  assert.equal(
    readFileSync(path, 'utf8'),
    'Port 22\n# BEGIN ANSIBLE MANAGED BLOCK\nPermitRootLogin no\n# END ANSIBLE MANAGED BLOCK\nMatch all\n',
  );
  const bad = await blockinfile({ path, block: 'Bogus yes', validate: 'sh -c "! grep -q Bogus %s"' });
  assert.equal(bad.failed, true);
  assert.match(readFileSync(path, 'utf8'), /PermitRootLogin no/);
  const missing = await blockinfile({ path: join(fx.dir, 'nope'), block: 'x', insertafter: 'EOF' });
  assert.deepEqual([missing.failed, /does not exist/.test(missing.msg ?? '')], [true, true]);
  const owned = await runStep(
    blockinfileStep,
    fx.sudoHost,
    { path, block: 'PermitRootLogin no', insertbefore: '^Match', owner: 'root', group: 'root' },
    { become: fx.sudo },
  );
  assert.deepEqual([owned.changed, owned.msg], [true, 'ownership, perms or SE linux context changed']);
  assert.equal(statSync(path).gid, 0);
});
