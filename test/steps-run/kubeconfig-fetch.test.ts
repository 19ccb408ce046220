import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { kubeconfigYaml } from '../../src/simulator/kube-api/kubeconfig.js';
import { kubeconfigFetchStep } from '../../src/steps/kubeconfig-fetch.js';
import { stepContext } from '../harness/step-context.js';
import { tempDir } from '../harness/temp-dir.js';
import { runStep, type StepFixture, startStepFixture } from './fixture.js';
import { adminKubeconfig, clientCertificate, type TestCluster, testCluster } from './kubeconfig-pki.js';

let fx: StepFixture;
let cluster: TestCluster;
let src: string;
let keyPem: string;
before(async () => {
  fx = await startStepFixture();
  cluster = await testCluster();
  const cert = await clientCertificate(cluster, 300);
  keyPem = cert.keyPem;
  src = join(fx.dir, 'k3s.yaml');
  writeFileSync(src, adminKubeconfig(cluster, cert));
  // Root-only, as k3s writes it: read with become.
  chmodSync(src, 0o600);
});
after(async () => {
  await fx?.stop();
});

const fetchAs = (args: Record<string, unknown>, options: { check?: boolean; diff?: boolean } = {}) =>
  runStep(kubeconfigFetchStep, fx.sudoHost, { src, ...args }, { become: fx.sudo, ...options });

test('writes the kubeconfig on the controller renamed and re-pointed, 0600; a second run leaves it alone', async () => {
  const dest = join(tempDir('certbook-kc-'), 'prod.yaml');
  const first = await fetchAs({ dest, name: 'prod', server: 'https://10.0.0.10:6443' });
  assert.equal(first.failed, undefined, first.msg);
  assert.equal(first.changed, true);
  assert.equal(first.data?.written, true);
  assert.equal(statSync(dest).mode & 0o777, 0o600);
  const doc = parse(readFileSync(dest, 'utf8')) as Record<string, any>;
  assert.equal(doc['current-context'], 'prod');
  assert.deepEqual(doc.contexts, [{ context: { cluster: 'prod', user: 'prod' }, name: 'prod' }]);
  assert.equal(doc.clusters[0].name, 'prod');
  assert.equal(doc.clusters[0].cluster.server, 'https://10.0.0.10:6443');
  assert.equal(doc.users[0].name, 'prod');
  assert.equal(Buffer.from(doc.users[0].user['client-key-data'], 'base64').toString(), keyPem, 'the key kept as k3s wrote it');
  assert.equal(first.data?.auth, 'client-certificate');
  assert.equal((first.data?.client_certificate as { common_name: string }).common_name, 'system:admin');
  assert.match(String(first.data?.ca_fingerprint_sha256), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.equal(first.data?.previous_client_certificate, null);

  const inode = statSync(dest).ino;
  const second = await fetchAs({ dest, name: 'prod', server: 'https://10.0.0.10:6443' });
  assert.equal(second.changed, false);
  assert.equal(second.data?.written, false);
  assert.equal(statSync(dest).ino, inode, 'not rewritten');

  chmodSync(dest, 0o644);
  const mode = await fetchAs({ dest, name: 'prod', server: 'https://10.0.0.10:6443' });
  assert.equal(mode.changed, true);
  assert.match(String(mode.msg), /mode 0644 → 0600/);
  assert.equal(statSync(dest).mode & 0o777, 0o600);
});

test("without name and server the file keeps k3s's own; a replaced file's certificate is named", async () => {
  const dest = join(tempDir('certbook-kc-'), 'plain.yaml');
  const other = await clientCertificate(cluster, 10);
  writeFileSync(dest, adminKubeconfig(cluster, other), { mode: 0o600 });
  const r = await fetchAs({ dest });
  assert.equal(r.changed, true);
  assert.match(String(r.msg), /its content changed/);
  const doc = parse(readFileSync(dest, 'utf8')) as Record<string, any>;
  assert.equal(doc['current-context'], 'default');
  assert.equal(doc.clusters[0].cluster.server, 'https://127.0.0.1:6443');
  const previous = r.data?.previous_client_certificate as { fingerprint_sha256: string };
  assert.notEqual(previous.fingerprint_sha256, (r.data?.client_certificate as { fingerprint_sha256: string }).fingerprint_sha256);
});

test('check mode writes nothing and says it would; diff shows who, never the content', async () => {
  const dest = join(tempDir('certbook-kc-'), 'check.yaml');
  const r = await fetchAs({ dest, name: 'c' }, { check: true, diff: true });
  assert.equal(r.changed, true);
  assert.match(String(r.msg), /^would write .*check\.yaml \(new\)$/);
  assert.throws(() => lstatSync(dest), /ENOENT/);
  const diff = r.diff![0]!;
  assert.match(diff.after, /^client certificate: system:admin, sha256 [0-9A-F:]+, until /);
  assert.ok(!JSON.stringify(r).includes(keyPem.split('\n')[1]!), 'no key material in the result');
});

test('a missing directory, a file in the way, a symbolic link, a relative path: clear failures, nothing read or written', async () => {
  const dir = tempDir('certbook-kc-');
  const missing = await fetchAs({ dest: join(dir, 'nope', 'x.yaml') });
  assert.equal(missing.failed, true);
  assert.match(String(missing.msg), /the directory .*nope does not exist on the controller \(create it first: mkdir -m 0700 -p /);
  writeFileSync(join(dir, 'file'), '');
  assert.match(String((await fetchAs({ dest: join(dir, 'file', 'x.yaml') })).msg), /file is not a directory|does not exist/);
  symlinkSync('/etc/passwd', join(dir, 'link.yaml'));
  const link = await fetchAs({ dest: join(dir, 'link.yaml') });
  assert.match(String(link.msg), /is a symbolic link on the controller/);
  assert.equal(lstatSync(join(dir, 'link.yaml')).isSymbolicLink(), true, 'the link is left as it was');
  mkdirSync(join(dir, 'sub.yaml'));
  assert.match(String((await fetchAs({ dest: join(dir, 'sub.yaml') })).msg), /not a regular file/);
  assert.match(String((await fetchAs({ dest: 'relative.yaml' })).msg), /not an absolute path/);
});

test('what is not an admin kubeconfig fails without quoting the file; its secrets go to the run', async () => {
  const dir = tempDir('certbook-kc-');
  const secret = 'Zk8Qw3-planted-token-value';
  const broken = join(fx.dir, 'broken.yaml');
  writeFileSync(broken, `users:\n- name: x\n  user:\n    token: ${secret}\n    bad: [\n`);
  const r = await runStep(kubeconfigFetchStep, fx.host, { src: broken, dest: join(dir, 'b.yaml') });
  assert.equal(r.failed, true);
  assert.match(String(r.msg), /not a kubeconfig: not YAML \(at line \d+\)/);
  assert.ok(!String(r.msg).includes(secret));

  const two = join(fx.dir, 'two.yaml');
  const yaml = adminKubeconfig(cluster, await clientCertificate(cluster, 300));
  writeFileSync(two, yaml.replace('clusters:\n', 'clusters:\n- cluster: {server: "https://x"}\n  name: other\n'));
  assert.match(
    String((await runStep(kubeconfigFetchStep, fx.host, { src: two, dest: join(dir, 't.yaml') })).msg),
    /holds 2 cluster\(s\), 1 user\(s\)/,
  );

  const v118 = join(fx.dir, 'v118.yaml');
  writeFileSync(
    v118,
    kubeconfigYaml({
      server: 'https://127.0.0.1:6443',
      caPem: cluster.serverCa.certificatePem,
      user: { username: 'admin', password: secret },
    }),
  );
  const seen: string[] = [];
  const ctx = stepContext(fx.host);
  const basic = await kubeconfigFetchStep.run!(
    { src: v118, dest: join(dir, 'v118.yaml'), max_size: 1048576 },
    { ...ctx, secret: (s) => seen.push(s) },
  );
  assert.equal(basic.failed, undefined, basic.msg);
  assert.equal(basic.data?.auth, 'basic-auth');
  assert.equal(basic.data?.client_certificate, null);
  assert.ok(seen.includes(secret), 'the password is handed to the run as a secret');
  assert.ok(!JSON.stringify(basic).includes(secret));

  const big = await runStep(kubeconfigFetchStep, fx.sudoHost, { src, dest: join(dir, 'big.yaml'), max_size: 100 }, { become: fx.sudo });
  assert.match(String(big.msg), /raise `max_size`/);
  const unreadable = await runStep(kubeconfigFetchStep, fx.host, { src, dest: join(dir, 'u.yaml') });
  assert.match(String(unreadable.msg), /cannot read .*k3s\.yaml on the host: permission denied/);
});
