/**
 * unarchive gives a directory its archived time back even when that time falls in the very
 * second the restore starts. It judged "did tar restore this directory's time?" by whole
 * seconds against `date +%s` taken before the extraction, so such a directory kept the time the
 * copy into it gave it (seen once in a whole-suite run: the unprivileged restore test, whose
 * tree is made a moment before). A `date` that always answers the archived second makes the old
 * way fail every time; the mark file compared with `find -newer` does not care.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withDefaults } from '../../src/steps/host-ops/step-args.js';
import { STEPS } from '../../src/steps/registry.js';
import { unarchiveScript } from '../../src/steps/unarchive/unarchive-script.js';
import { tempDir } from '../harness/temp-dir.js';

test('a directory archived in the second the restore starts gets its archived time back', () => {
  const dir = tempDir('certbook-unarchive-times-');
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'sub'), { recursive: true });
  writeFileSync(join(tree, 'sub', 'f'), 'one');
  const second = Math.floor(Date.now() / 1000);
  utimesSync(join(tree, 'sub'), second, second);
  const tarball = join(dir, 'tree.tar');
  assert.equal(spawnSync('tar', ['-cf', tarball, '-C', tree, '.']).status, 0);
  writeFileSync(join(tree, 'sub', 'f'), 'two'); // the restore rewrites f, which touches sub
  utimesSync(join(tree, 'sub'), second + 5, second + 5);

  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // Every `date` the script may run says the archived second.
  writeFileSync(join(bin, 'date'), `#!/bin/sh\necho ${second}\n`, { mode: 0o755 });
  const step = STEPS.get('unarchive')!;
  const args = withDefaults(step, { src: tarball, dest: tree, clean: true }) as Parameters<typeof unarchiveScript>[0];
  const r = spawnSync('/bin/sh', ['-c', unarchiveScript(args, tree, false, '.certbook-test.tmp')], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /@DONE/);
  assert.equal(statSync(join(tree, 'sub')).mtimeMs, second * 1000, 'sub has its archived time again');
});
