/** x509_info over the real test sshd: one round trip for literal paths, globs expanded on the host, every bad file a per-file error. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Host } from '../../src/connection/host.js';
import { readGlobsInOneCommand } from '../../src/steps/x509-info/glob-read.js';
import { x509InfoStep } from '../../src/steps/x509-info.js';
import { binaryFiles } from '../connection/binary-files.js';
import { stepContext } from '../harness/step-context.js';
import { daysFromNow, type Family, FIXTURE_NOW, makeFamily } from '../x509/cert-fixtures.js';
import { giveToTestUser, HOSTILE_NAMES, runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
let ecdsa: Family;
let rsa: Family;
let ed: Family;
let tls: string;
const now = () => FIXTURE_NOW;

before(async () => {
  [fx, ecdsa, rsa, ed] = await Promise.all([startStepFixture(), makeFamily('ecdsa-p256'), makeFamily('rsa-2048'), makeFamily('ed25519')]);
  tls = join(fx.dir, 'server', 'tls');
  mkdirSync(tls, { recursive: true });
  writeFileSync(join(tls, 'server-ca.crt'), ecdsa.ca.certificatePem);
  writeFileSync(join(tls, 'serving-kube-apiserver.crt'), ecdsa.leaf.chainPem);
  writeFileSync(join(tls, 'client-admin.crt'), rsa.leaf.chainPem);
  writeFileSync(join(tls, 'client-k3s-controller.crt'), ed.expired.chainPem);
  writeFileSync(join(tls, 'serving-kube-apiserver.key'), ecdsa.leaf.keyPem);
  giveToTestUser(fx, join(fx.dir, 'server'));
});
after(async () => {
  await fx?.stop();
});

/** `host` with its exec and readFiles calls counted. */
function counting(host: Host): { host: Host; calls: { exec: number; readFiles: number } } {
  const calls = { exec: 0, readFiles: 0 };
  const wrapped = new Proxy(host, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'exec' || prop === 'readFiles') {
        return (...a: unknown[]) => {
          calls[prop]++;
          return (value as (...x: unknown[]) => unknown).apply(target, a);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { host: wrapped, calls };
}

type Cert = Record<string, unknown> & { path: string; index: number; not_after: string; subject: string };
const certs = (r: { data?: Record<string, unknown> }): Cert[] => r.data?.certificates as Cert[];

test('a glob is expanded and read in one exec; facts are per file, soonest is the expired one', async () => {
  const { host, calls } = counting(fx.host);
  const r = await runStep(x509InfoStep, host, { paths: `${tls}/*.crt`, valid_at: { renewal_window: '+90d' } }, { now });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, false);
  assert.deepEqual(calls, { exec: 1, readFiles: 0 });
  const list = certs(r);
  assert.deepEqual(
    list.map((c) => c.path.slice(tls.length + 1)),
    ['client-admin.crt', 'client-k3s-controller.crt', 'server-ca.crt', 'serving-kube-apiserver.crt'],
  );
  assert.ok(
    list.every((c) => c.index === 0),
    'first certificate of each file only',
  );
  assert.deepEqual(
    list.map((c) => c.public_key_algorithm),
    ['rsa', 'ed25519', 'ecdsa', 'ecdsa'],
  );
  const soonest = r.data?.soonest as Cert;
  assert.equal(soonest.path, join(tls, 'client-k3s-controller.crt'));
  assert.deepEqual([soonest.expired, soonest.days_left, soonest.status], [true, -10, 'EXPIRED']);
  assert.deepEqual(
    list.map((c) => (c.valid_at as Record<string, boolean>).renewal_window),
    [true, false, true, true],
  );
  assert.equal(r.data?.judged_at, '2026-06-15T12:00:00Z');
  assert.deepEqual(r.data?.missing, []);
});

test('literal paths cost exactly one readFiles and no exec; bundle reads the whole chain', async () => {
  const { host, calls } = counting(fx.host);
  const paths = [join(tls, 'serving-kube-apiserver.crt'), join(tls, 'server-ca.crt')];
  const r = await runStep(x509InfoStep, host, { paths, bundle: true }, { now });
  assert.deepEqual(calls, { exec: 0, readFiles: 1 });
  assert.deepEqual(
    certs(r).map((c) => [c.path, c.index, c.is_ca]),
    [
      [paths[0], 0, false],
      [paths[0], 1, true],
      [paths[1], 0, true],
    ],
  );
  assert.equal(certs(r)[1]!.fingerprint_sha256, certs(r)[2]!.fingerprint_sha256);
});

test('`at` judges as of another date; relative valid_at moments move with it; check mode changes nothing', async () => {
  const path = join(tls, 'serving-kube-apiserver.crt');
  const later = await runStep(
    x509InfoStep,
    fx.host,
    { path, at: daysFromNow(400).toISOString().slice(0, 10), valid_at: { back: '-100d' } },
    { now, check: true },
  );
  const [c] = certs(later); // at = midnight of day 400, i.e. 64.5 days after not_after
  assert.equal(later.changed, false);
  assert.deepEqual([c!.expired, c!.days_left, c!.status, (c!.valid_at as Record<string, boolean>).back], [true, -65, 'EXPIRED', true]);
  assert.equal(later.data?.judged_at, `${daysFromNow(400).toISOString().slice(0, 10)}T00:00:00Z`);
});

test('warn_days moves the WARNING line: 90 days by default, the window asked for otherwise', async () => {
  const path = join(tls, 'serving-kube-apiserver.crt');
  const judgedAt = (days: number) => daysFromNow(days).toISOString().slice(0, 10);
  // Judged 300 days on, the certificate (not_after at day 335.5) has 35 days left.
  const status = async (extra: Record<string, unknown>) =>
    certs(await runStep(x509InfoStep, fx.host, { path, at: judgedAt(300), ...extra }, { now }))[0]!.status;
  assert.equal(await status({}), 'WARNING');
  assert.equal(await status({ warn_days: 120 }), 'WARNING');
  assert.equal(await status({ warn_days: 30 }), 'OK');
  assert.equal(await status({ warn_days: 0 }), 'OK');
  await assert.rejects(runStep(x509InfoStep, fx.host, { path, warn_days: -1 }, { now }), /`warn_days` must be ≥ 0/);
});

test('inline content is parsed without touching the host; it has no path', async () => {
  const { host, calls } = counting(fx.host);
  const r = await runStep(x509InfoStep, host, { content: ecdsa.leaf.chainPem, bundle: true }, { now });
  assert.deepEqual(calls, { exec: 0, readFiles: 0 });
  assert.deepEqual(
    certs(r).map((c) => [c.path, c.index, c.common_name]),
    [
      [undefined, 0, 'kube-apiserver'],
      [undefined, 1, 'k3s-server-ca@1700000000'],
    ],
  );
});

test('missing paths and empty globs fail the task unless fail_on_missing is false', async () => {
  const args = { paths: [join(tls, 'nope.crt'), `${tls}/*.pem`, join(tls, 'server-ca.crt')] };
  const strict = await runStep(x509InfoStep, fx.host, args, { now });
  assert.equal(strict.failed, true);
  assert.deepEqual(strict.data?.missing, [`${tls}/*.pem`, join(tls, 'nope.crt')].sort());
  assert.equal(certs(strict).length, 1);
  const lenient = await runStep(x509InfoStep, fx.host, { ...args, fail_on_missing: false }, { now });
  assert.equal(lenient.failed, undefined);
  assert.equal((lenient.data!.missing as string[]).length, 2);
});

test('garbage, a key, a directory, an unreadable file, a truncated PEM: one error each, the good file still read', async () => {
  const bad = join(fx.dir, 'bad');
  mkdirSync(join(bad, 'dir.crt'), { recursive: true });
  writeFileSync(join(bad, 'garbage.crt'), Buffer.from([1, 2, 3, 250, 0]));
  writeFileSync(join(bad, 'key.crt'), ecdsa.leaf.keyPem);
  writeFileSync(join(bad, 'truncated.crt'), ecdsa.leaf.certificatePem.slice(0, 300));
  writeFileSync(join(bad, 'der.crt'), Buffer.from(ecdsa.leaf.certificate.rawData));
  writeFileSync(join(bad, 'good.crt'), rsa.ca.certificatePem);
  giveToTestUser(fx, bad);
  writeFileSync(join(bad, 'root-only.crt'), rsa.ca.certificatePem, { mode: 0o600 });
  const r = await runStep(x509InfoStep, fx.host, { paths: `${bad}/*.crt` }, { now });
  assert.equal(r.failed, true);
  const errors = r.data?.errors as Array<{ path: string; error: string }>;
  assert.deepEqual(
    errors.map((e) => e.path.slice(bad.length + 1)),
    ['dir.crt', 'garbage.crt', 'key.crt', 'root-only.crt', 'truncated.crt'],
  );
  assert.ok(!JSON.stringify(r).includes(ecdsa.leaf.keyPem.split('\n')[1]!), 'no key material in the result');
  assert.deepEqual(
    certs(r).map((c) => c.path.slice(bad.length + 1)),
    ['der.crt', 'good.crt'],
  );
});

test('become reads a root-only file', async () => {
  const path = join(fx.dir, 'root-only.crt');
  writeFileSync(path, ed.leaf.certificatePem, { mode: 0o600 });
  const r = await runStep(x509InfoStep, fx.sudoHost, { paths: [path] }, { now, become: fx.sudo });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(certs(r)[0]!.public_key_algorithm, 'ed25519');
});

test('hostile directory names around a glob stay literal; nothing is executed', async () => {
  for (const name of HOSTILE_NAMES.filter((n) => n !== '*')) {
    const d = join(fx.dir, 'hostile', name);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'a.crt'), ecdsa.ca.certificatePem);
    giveToTestUser(fx, join(fx.dir, 'hostile'));
    const r = await runStep(x509InfoStep, fx.host, { paths: `${d}/*.crt` }, { now });
    assert.equal(r.failed, undefined, `${name}: ${r.msg}`);
    assert.deepEqual(
      certs(r).map((c) => c.path),
      [join(d, 'a.crt')],
      name,
    );
  }
  assert.equal(existsSync(join(fx.dir, 'hostile', 'PWNED')), false);
  assert.equal(existsSync('PWNED'), false);
});

test('an impossible `at` date is a failed result, not a throw', async () => {
  const r = await runStep(x509InfoStep, fx.host, { content: ecdsa.ca.certificatePem, at: '2026-02-30' }, { now });
  assert.equal(r.failed, true);
  assert.match(String(r.msg), /^at:/);
});

test('glob words: glob characters stay unquoted, everything else is quoted literally', async () => {
  const { globWord } = await import('../../src/steps/x509-info/remote-globs.js');
  assert.equal(globWord('/var/lib/rancher/k3s/server/tls/*.crt'), '/var/lib/rancher/k3s/server/tls/*.crt');
  assert.equal(globWord('/a b/c?.crt'), "'/a b/c'?.crt");
  assert.equal(globWord('/x/[ab]-*.pem'), '/x/[ab]-*.pem');
  assert.equal(globWord('/x/[$(id)]/*'), "'/x/[$(id)]/'*");
  assert.equal(globWord("/it's/*"), "'/it'\\''s/'*");
});

test('a ** component matches any depth of directories (not hidden ones), as the k3s layout of 2025 needs', async () => {
  const root = join(fx.dir, 'deep', 'server', 'tls');
  for (const d of ['', 'etcd', 'kube-scheduler', 'a b/c', '.hidden']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'server-ca.crt'), ecdsa.ca.certificatePem);
  writeFileSync(join(root, 'etcd', 'server-client.crt'), ecdsa.leaf.chainPem);
  writeFileSync(join(root, 'kube-scheduler', 'kube-scheduler.crt'), rsa.leaf.chainPem);
  writeFileSync(join(root, 'a b', 'c', 'deep.crt'), ed.leaf.chainPem);
  writeFileSync(join(root, '.hidden', 'no.crt'), ecdsa.ca.certificatePem);
  writeFileSync(join(root, 'kube-scheduler', 'kube-scheduler.key'), rsa.leaf.keyPem);
  writeFileSync(join(root, 'etcd', '.hidden.crt'), ecdsa.ca.certificatePem);
  giveToTestUser(fx, join(fx.dir, 'deep'));
  const { host, calls } = counting(fx.host);
  const r = await runStep(
    x509InfoStep,
    host,
    { paths: [`${root}/**/*.crt`, `${fx.dir}/deep/nothing/**/*.crt`], fail_on_missing: false },
    { now },
  );
  assert.equal(r.failed, undefined, String(r.msg));
  assert.deepEqual(calls, { exec: 1, readFiles: 0 }, 'found and read in one command');
  const expected = [
    join(root, 'a b', 'c', 'deep.crt'),
    join(root, 'etcd', 'server-client.crt'),
    join(root, 'kube-scheduler', 'kube-scheduler.crt'),
    join(root, 'server-ca.crt'),
  ];
  assert.deepEqual(
    certs(r).map((c) => c.path),
    expected,
  );
  assert.deepEqual(r.data?.missing, [`${fx.dir}/deep/nothing/**/*.crt`]);

  // A file name with a newline cannot travel in find's line-per-path answer: the two-step way
  // (expand, then read) takes over and reads it all the same.
  const odd = join(root, 'etcd', 'two\nlines.crt');
  writeFileSync(odd, rsa.leaf.chainPem);
  giveToTestUser(fx, odd);
  const counted = counting(fx.host);
  const again = await runStep(x509InfoStep, counted.host, { paths: `${root}/**/*.crt` }, { now });
  assert.equal(again.failed, undefined, String(again.msg));
  assert.deepEqual(counted.calls, { exec: 2, readFiles: 1 });
  assert.deepEqual(
    certs(again).map((c) => c.path),
    [...expected.slice(0, 1), join(root, 'etcd', 'server-client.crt'), odd, ...expected.slice(2)],
  );
});

test('recursive patterns: the regular expression follows the shell rules per component', async () => {
  const { patternRegExp, recursiveBase } = await import('../../src/steps/x509-info/remote-globs.js');
  const re = patternRegExp('/d/server/tls/**/*.crt');
  assert.equal(re.test('/d/server/tls/a.crt'), true);
  assert.equal(re.test('/d/server/tls/x/y/a.crt'), true);
  assert.equal(re.test('/d/server/tls/.h/a.crt'), false);
  assert.equal(re.test('/d/server/tls/x/.a.crt'), false);
  assert.equal(re.test('/d/server/tlsx/a.crt'), false);
  assert.equal(patternRegExp('/a/[!x]?/**').test('/a/yz/b/c'), true);
  assert.equal(patternRegExp('/a/[!x]?/**').test('/a/xz/b'), false);
  assert.equal(recursiveBase('/d/server/tls/**/*.crt'), '/d/server/tls');
  assert.equal(recursiveBase('**/*.crt'), '.');
});

test('the one-command glob read brings binary files back byte for byte over SSH, as the login user and through sudo', async () => {
  const files = await binaryFiles(join(fx.dir, 'binary'));
  giveToTestUser(fx, join(fx.dir, 'binary'));
  const specs = [`${fx.dir}/binary/*.bin`, `${fx.dir}/binary/**/*.txt`, `${fx.dir}/binary/cert.der`];
  for (const ctx of [stepContext(fx.host), stepContext(fx.sudoHost, { become: fx.sudo })]) {
    const one = await readGlobsInOneCommand(ctx, specs, 1 << 16);
    assert.ok(one !== 'fallback' && !('error' in one), JSON.stringify(one));
    assert.deepEqual(one.entries.map((e) => e.path).sort(), Object.keys(files).sort());
    for (const e of one.entries) assert.ok(e.ok && e.data.equals(files[e.path]!), e.path);
  }
});
