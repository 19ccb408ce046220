import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUILTIN_PLAYBOOK_DIR, listBuiltinPlaybooks, looksLikeBuiltinName, resolvePlaybook } from '../../src/cli/builtin-playbooks.js';
import { tempDir } from '../harness/temp-dir.js';

function fixture(): { cwd: string; builtinDir: string } {
  const root = tempDir('certbook-builtin-');
  const builtinDir = join(root, 'playbooks');
  mkdirSync(builtinDir);
  for (const name of ['rotate', 'check-expiry', 'force-reissue-serving']) writeFileSync(join(builtinDir, `${name}.yaml`), '- hosts: all\n');
  writeFileSync(join(builtinDir, 'notes.md'), 'not a playbook');
  const cwd = join(root, 'work');
  mkdirSync(cwd);
  return { cwd, builtinDir };
}

test("the built-in directory is the package's playbooks/", () => {
  assert.equal(BUILTIN_PLAYBOOK_DIR.endsWith('/playbooks'), true);
});

test('listBuiltinPlaybooks lists *.yaml names sorted, and nothing for a missing directory', () => {
  const { builtinDir } = fixture();
  assert.deepEqual(listBuiltinPlaybooks(builtinDir), ['check-expiry', 'force-reissue-serving', 'rotate']);
  assert.deepEqual(listBuiltinPlaybooks(join(builtinDir, 'nope')), []);
});

test('which arguments are names', () => {
  assert.equal(looksLikeBuiltinName('check-expiry'), true);
  for (const arg of ['./check-expiry', 'dir/pb', 'pb.yml', 'pb.yaml', 'PB.YML', '']) assert.equal(looksLikeBuiltinName(arg), false, arg);
});

test('a bare built-in name resolves to the packaged file', () => {
  const { cwd, builtinDir } = fixture();
  assert.deepEqual(resolvePlaybook('check-expiry', { cwd, builtinDir }), {
    kind: 'builtin',
    name: 'check-expiry',
    path: join(builtinDir, 'check-expiry.yaml'),
  });
});

test('paths stay paths, even when they do not exist', () => {
  const { cwd, builtinDir } = fixture();
  for (const arg of ['site.yaml', 'rotate.yml', './rotate', 'x/rotate']) {
    assert.deepEqual(resolvePlaybook(arg, { cwd, builtinDir }), { kind: 'file', path: arg });
  }
});

test('an existing local file wins over a built-in of the same name', () => {
  const { cwd, builtinDir } = fixture();
  writeFileSync(join(cwd, 'rotate'), '- hosts: all\n');
  assert.deepEqual(resolvePlaybook('rotate', { cwd, builtinDir }), { kind: 'file', path: 'rotate' });
});

test('an unknown name is a BAD_OPTION with a did-you-mean over the built-ins', () => {
  const { cwd, builtinDir } = fixture();
  const typo = resolvePlaybook('check-expriy', { cwd, builtinDir });
  assert.equal(typo.kind, 'unknown');
  assert.ok(typo.kind === 'unknown');
  assert.equal(typo.problem.code, 'BAD_OPTION');
  assert.equal(typo.problem.option, 'check-expriy');
  assert.match(typo.problem.hint ?? '', /`check-expiry`/);
  const far = resolvePlaybook('zzz', { cwd, builtinDir });
  assert.ok(far.kind === 'unknown');
  assert.match(far.problem.hint ?? '', /check-expiry, force-reissue-serving, rotate/);
});
