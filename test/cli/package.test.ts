import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { STEPS } from '../../src/steps/registry.js';
import { installOffline, pack } from './packaged-install.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

// One pack and one offline install (~10 s), then the installed binary run for real.
test('the npm tarball installs offline and its certbook binary runs', { timeout: 180_000 }, (t) => {
  const root = mkdtempSync(join(tmpdir(), 'certbook-pack-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const packed = pack(repo, join(root, 'dest'));
  const paths = packed.files.map((f) => f.path);
  for (const needed of [
    'package.json',
    'bin/certbook.js',
    'src/cli/main.ts',
    'src/cli/process-entry.ts',
    'dist/certbook.mjs',
    'dist/build-info.json',
    'deploy/prometheus/certbook-rules.yaml',
    'deploy/kubernetes/prometheusrule.yaml',
  ]) {
    assert.ok(paths.includes(needed), needed);
  }
  assert.equal(
    paths.some((p) => p.startsWith('test/') || p.startsWith('.scratch/') || p.startsWith('node_modules/')),
    false,
  );

  const app = join(root, 'app');
  installOffline(repo, join(root, 'dest', packed.filename), packed, app);
  const env = { ...process.env, NO_COLOR: '1' };
  const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: app, encoding: 'utf8', env, timeout: 60_000 });

  const help = run('npx', ['--offline', '--no-install', 'certbook', '--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^usage: certbook COMMAND/);

  const bin = join(app, 'node_modules', '.bin', 'certbook');
  const steps = run(bin, ['steps']);
  assert.equal(steps.status, 0, steps.stderr);
  assert.equal(steps.stdout.trimEnd().split('\n').length, STEPS.size);

  // npm pack ran `prepare`: the installed binary runs the build, not tsx.
  const version = run(bin, ['--version']);
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /running code = dist\/ \(built\)/);

  const bad = run(bin, ['run', 'x.yml', '--chek']);
  assert.equal(bad.status, 5);
  assert.match(bad.stderr, /--chek/);
});
