import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { findStep } from '../../src/steps/find.js';
import { HOSTILE_NAMES, runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
let tree: string;

before(async () => {
  fx = await startStepFixture();
  tree = join(fx.dir, 'tree');
  for (const d of ['', 'sub', 'sub/deep', 'x.crt.d', '.hid']) mkdirSync(join(tree, d), { recursive: true });
  const files: Record<string, number> = {
    'a.crt': 10,
    'b.key': 20,
    '.hidden.crt': 1,
    'sub/c.crt': 2000,
    'sub/deep/d.crt': 30,
    '.hid/e.crt': 5,
  };
  for (const name of HOSTILE_NAMES) files[`${name}.crt`] = 3;
  for (const [name, size] of Object.entries(files)) writeFileSync(join(tree, name), 'x'.repeat(size));
  symlinkSync(join(tree, 'a.crt'), join(tree, 'link.crt'));
  symlinkSync(join(tree, 'sub'), join(tree, 'sublink'));
  const old = Date.now() / 1000 - 10 * 86400;
  utimesSync(join(tree, 'b.key'), old, old);
  mkdirSync(join(tree, 'locked'));
  writeFileSync(join(tree, 'locked', 'in.crt'), '');
  chmodSync(join(tree, 'locked'), 0o700); // root's: the test user cannot read it
});
after(async () => {
  await fx?.stop();
});

async function find(args: Record<string, unknown>, check = false): Promise<{ names: string[]; data: Record<string, unknown> }> {
  const r = await runStep(findStep, fx.host, args, { check });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, false);
  const files = r.data?.files as { path: string }[];
  assert.equal(r.data?.matched, files.length);
  return { names: files.map((f) => f.path.slice(tree.length + 1)).sort(), data: r.data ?? {} };
}

test('globs at the top level: regular files only, hidden names left out, every entry examined', async () => {
  const { names, data } = await find({ paths: tree, patterns: '*.crt' });
  assert.deepEqual(names, ['a.crt', ...HOSTILE_NAMES.map((n) => `${n}.crt`)].sort());
  // a.crt b.key .hidden.crt sub x.crt.d .hid link.crt sublink locked + the hostile files
  assert.equal(data.examined, 9 + HOSTILE_NAMES.length);
  const a = (data.files as Record<string, unknown>[]).find((f) => f.path === join(tree, 'a.crt'))!;
  assert.equal(a.size, 10);
  assert.equal(a.isreg, true);
  assert.equal(a.mode, '0644');
  assert.equal(typeof a.mtime, 'number');
  const check = await find({ paths: tree, patterns: '*.crt' }, true);
  assert.deepEqual(check.names, names, 'check mode reads as usual');
});

test('recurse, depth, hidden and excludes', async () => {
  const all = await find({
    paths: [tree],
    patterns: ['*.crt'],
    recurse: true,
    excludes: ['*[$`]*', '* *', '-*', '\\**', "*'*", '*"*', '*\n*', 'ü*'],
  });
  // As in Ansible, `hidden` is about base names: hidden directories are still searched.
  assert.deepEqual(all.names, ['.hid/e.crt', 'a.crt', 'sub/c.crt', 'sub/deep/d.crt']);
  const depth2 = await find({ paths: tree, patterns: ['a.*', 'c.*', 'd.*'], recurse: true, depth: 2 });
  assert.deepEqual(depth2.names, ['a.crt', 'sub/c.crt']);
  const hidden = await find({ paths: tree, patterns: '*.crt', hidden: true, recurse: true, excludes: '[!.]*' });
  assert.deepEqual(hidden.names, ['.hidden.crt']);
});

test('file_type directory, link and any', async () => {
  assert.deepEqual((await find({ paths: tree, patterns: '*', file_type: 'directory' })).names, ['locked', 'sub', 'x.crt.d']);
  assert.deepEqual((await find({ paths: tree, patterns: '*', file_type: 'link' })).names, ['link.crt', 'sublink']);
  const any = await find({ paths: tree, patterns: ['*.crt', '*.d'], file_type: 'any' });
  assert.ok(any.names.includes('x.crt.d') && any.names.includes('link.crt') && any.names.includes('a.crt'));
});

test('follow descends into linked directories and describes link targets', async () => {
  const followed = await find({ paths: tree, patterns: 'c.crt', recurse: true, follow: true, depth: 2 });
  assert.deepEqual(followed.names, ['sub/c.crt', 'sublink/c.crt']);
  const link = await find({ paths: tree, patterns: 'link.crt', follow: true });
  assert.deepEqual(link.names, ['link.crt']);
  assert.equal((link.data.files as { size: number }[])[0]?.size, 10);
});

test('use_regex matches whole base names with Python syntax; a bad pattern fails', async () => {
  const { names } = await find({ paths: tree, patterns: ['[ab]\\.(crt|key)', '(?P<n>c)\\.crt'], use_regex: true, recurse: true });
  assert.deepEqual(names, ['a.crt', 'b.key', 'sub/c.crt']);
  const partial = await find({ paths: tree, patterns: 'crt', use_regex: true });
  assert.deepEqual(partial.names, []);
  const bad = await runStep(findStep, fx.host, { paths: tree, patterns: '(', use_regex: true });
  assert.equal(bad.failed, true);
  assert.match(String(bad.msg), /patterns/);
});

test('age and size', async () => {
  assert.deepEqual((await find({ paths: tree, age: '7d' })).names, ['b.key']);
  const young = await find({ paths: tree, age: '-1d', patterns: '[ab]*' });
  assert.deepEqual(young.names, ['a.crt']);
  assert.deepEqual((await find({ paths: tree, size: '15', patterns: '[ab]*' })).names, ['b.key']);
  assert.deepEqual((await find({ paths: tree, size: '1k', recurse: true })).names, ['sub/c.crt']);
  assert.deepEqual((await find({ paths: tree, size: '-4b', patterns: '*.crt' })).names.length, HOSTILE_NAMES.length);
  const atime = await find({ paths: tree, age: '1w', age_stamp: 'atime' });
  assert.deepEqual(atime.names, ['b.key']);
});

test('paths that cannot be searched are listed in skipped_paths, the rest is still searched', async () => {
  const missing = join(fx.dir, 'missing');
  const file = join(tree, 'a.crt');
  const r = await find({ paths: [missing, file, tree], patterns: 'in.crt', recurse: true });
  assert.deepEqual(r.names, []);
  const skipped = r.data.skipped_paths as Record<string, string>;
  assert.equal(skipped[missing], 'not found');
  assert.equal(skipped[file], 'not a directory');
  assert.match(skipped[join(tree, 'locked')] ?? '', /permission denied/);
  const sudo = await runStep(findStep, fx.sudoHost, { paths: tree, patterns: 'in.crt', recurse: true }, { become: fx.sudo });
  assert.deepEqual(
    (sudo.data?.files as { path: string }[]).map((f) => f.path),
    [join(tree, 'locked', 'in.crt')],
  );
});

test('relative roots (from the login directory) that look like options are searched as paths', async () => {
  const home = spawnSync('getent', ['passwd', fx.sshd.user], { encoding: 'utf8' }).stdout.split(':')[5]!;
  const odd = join(home, `-dash dir ${process.pid}`);
  mkdirSync(odd);
  try {
    writeFileSync(join(odd, 'f.crt'), '');
    const r = await runStep(findStep, fx.host, { paths: basename(odd), patterns: '*.crt' });
    assert.deepEqual(
      (r.data?.files as { path: string }[]).map((f) => f.path),
      [`${basename(odd)}/f.crt`],
    );
    assert.deepEqual(r.data?.skipped_paths, {});
  } finally {
    rmSync(odd, { recursive: true, force: true });
  }
});
