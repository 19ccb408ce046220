/**
 * x509_info's one-command read of glob patterns (src/steps/x509-info/glob-read.ts) against the
 * two-step way it replaces (expand on the host, then read the files as an SSH host does), on a `LocalHost` over a tree
 * of awkward shapes: the same files, in the same order, with the same bytes and the same errors,
 * and the same patterns reported as matching nothing. The real-sshd side is in
 * test/steps-run/x509-info.test.ts.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalHost } from '../../src/connection/local.js';
import { readFilesViaShell } from '../../src/connection/shell-files.js';
import { canGlobRead, readGlobsInOneCommand } from '../../src/steps/x509-info/glob-read.js';
import { expandGlobs, filesOfSpecs, isGlob } from '../../src/steps/x509-info/remote-globs.js';
import { binaryFiles } from '../connection/binary-files.js';
import { stepContext } from '../harness/step-context.js';
import { tempDir } from '../harness/temp-dir.js';

const host = new LocalHost('local');
const ctx = stepContext(host);
const MAX = 4096;

/** The reference: patterns expanded first, then the files read the way an SSH host reads them (`readFilesViaShell`). */
async function twoSteps(specs: string[]) {
  const patterns = specs.filter(isGlob);
  const expanded = await expandGlobs(ctx, patterns);
  assert.ok(!('error' in expanded));
  const { files, missing } = filesOfSpecs(specs, (spec) => (isGlob(spec) ? expanded.matches[patterns.indexOf(spec)]! : [spec]));
  return { entries: await readFilesViaShell((command, options) => host.exec(command, options), files, { maxBytes: MAX }), missing };
}

test('one command reads what expanding and then reading reads, for every shape of tree and pattern', async () => {
  const root = tempDir('glob-read-');
  const tls = join(root, 'server', 'tls');
  for (const d of ['etcd', 'kube-scheduler', 'a b/c d', '.hidden/inner', 'empty', 'sp$cial `x`'])
    mkdirSync(join(tls, d), { recursive: true });
  mkdirSync(join(root, 'agent'), { recursive: true });
  const files: Record<string, string> = {
    'server/tls/server-ca.crt': 'ca',
    'server/tls/etcd/peer.crt': 'peer',
    'server/tls/etcd/.dot.crt': 'hidden file',
    'server/tls/kube-scheduler/kube-scheduler.crt': 'sched',
    'server/tls/kube-scheduler/kube-scheduler.key': 'KEY: never read',
    'server/tls/a b/c d/deep.crt': 'deep',
    'server/tls/.hidden/inner/no.crt': 'in a hidden directory',
    "server/tls/sp$cial `x`/it's.crt": 'quotes',
    'server/tls/big.crt': 'x'.repeat(MAX + 1),
    'server/tls/empty.crt': '',
    'agent/client-kubelet.crt': 'kubelet',
    'agent/server-ca.crt': 'agent ca',
  };
  for (const [path, data] of Object.entries(files)) writeFileSync(join(root, path), data);
  mkdirSync(join(tls, 'dir.crt'));
  execFileSync('mkfifo', [join(tls, 'etcd', 'fifo.crt')]);
  symlinkSync(join(root, 'nowhere.crt'), join(tls, 'dangling.crt'));
  symlinkSync(join(tls, 'etcd'), join(tls, 'linked-dir.crt'));

  const cases: string[][] = [
    [`${tls}/**/*.crt`, `${root}/agent/*.crt`],
    [`${tls}/**/*.crt`],
    [`${tls}/*.crt`, `${tls}/etcd/*.crt`],
    [`${tls}/**/.dot.crt`, `${tls}/**/kube-sched?ler.[ck][re][ty]`],
    [`${root}/agent/*.crt`, `${root}/agent/client-kubelet.crt`, `${root}/agent/absent.crt`],
    [`${root}/nothing/**/*.crt`, `${root}/agent/*.pem`],
    [`${tls}/**/*.crt`, `${tls}/etcd/*.crt`], // the same file through two patterns: read once
  ];
  for (const specs of cases) {
    assert.ok(canGlobRead(specs), `one command can read ${specs.join(' ')}`);
    const one = await readGlobsInOneCommand(ctx, specs, MAX);
    assert.notEqual(one, 'fallback', specs.join(' '));
    assert.deepEqual(one, await twoSteps(specs), specs.join(' '));
  }
});

test('patterns find cannot answer exactly are left to the two-step way', () => {
  assert.equal(canGlobRead(['/d/**/a/*.crt']), false, '** not the one-but-last component');
  assert.equal(canGlobRead(['/d/*/**/*.crt']), false, 'a pattern before **');
  assert.equal(canGlobRead(['**/*.crt']), false, 'no fixed directory');
  assert.equal(canGlobRead(['/d/**/it s.crt']), false, 'a name find would need quoted');
  assert.equal(canGlobRead(['/d/a\nb/*.crt']), false, 'a newline');
  assert.equal(canGlobRead(['/d/**/*.crt', '/e/*.crt', '/f/x.crt']), true);
});

test('binary files come back byte for byte from the one command (no base64 on the host)', async () => {
  const root = tempDir('glob-read-binary-');
  const files = await binaryFiles(join(root, 'd'));
  const specs = [`${root}/d/*.bin`, `${root}/**/*.txt`, `${root}/d/cert.der`];
  const one = await readGlobsInOneCommand(ctx, specs, MAX);
  assert.ok(one !== 'fallback' && !('error' in one));
  assert.deepEqual(one.missing, []);
  assert.deepEqual(one.entries.map((e) => e.path).sort(), Object.keys(files).sort());
  for (const e of one.entries) assert.ok(e.ok && e.data.equals(files[e.path]!), e.path);
});
