import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { kubeconfigYaml } from '../../src/simulator/kube-api/kubeconfig.js';
import type { CurrentAdmin } from '../../src/steps/kubeconfig/staleness.js';
import { kubeconfigInfoStep } from '../../src/steps/kubeconfig-info.js';
import { stepContext } from '../harness/step-context.js';
import { giveToTestUser, runStep, type StepFixture, startStepFixture } from './fixture.js';
import { adminKubeconfig, clientCertificate, type TestCluster, testCluster } from './kubeconfig-pki.js';

let fx: StepFixture;
let cluster: TestCluster;
let current: CurrentAdmin;
const files: Record<string, string> = {};

/** What kubeconfig_fetch registers for the cluster's admin kubeconfig, through kubeconfig_info itself. */
async function currentOf(path: string): Promise<CurrentAdmin> {
  const r = await runStep(kubeconfigInfoStep, fx.host, { paths: [path] });
  const ctx = (r.data?.kubeconfigs as Array<{ contexts: Array<Record<string, unknown>> }>)[0]!.contexts[0]!;
  return {
    name: 'prod',
    ca_fingerprint_sha256: ctx.ca_fingerprint_sha256 as string,
    client_certificate: ctx.client_certificate as CurrentAdmin['client_certificate'],
  };
}

before(async () => {
  fx = await startStepFixture();
  cluster = await testCluster();
  const other = await testCluster();
  const write = (name: string, text: string) => {
    files[name] = join(fx.dir, name);
    writeFileSync(files[name], text);
  };
  write('k3s.yaml', adminKubeconfig(cluster, await clientCertificate(cluster, 365)));
  write('stale-valid.yaml', adminKubeconfig(cluster, await clientCertificate(cluster, 30)));
  write('stale-expired.yaml', adminKubeconfig(cluster, await clientCertificate(cluster, -3)));
  write('developer.yaml', adminKubeconfig(cluster, await clientCertificate(cluster, 100, 'jane')));
  write('other-cluster.yaml', adminKubeconfig(other, await clientCertificate(other, 100)));
  write('rotated-ca.yaml', adminKubeconfig(cluster, await clientCertificate(other, 100)));
  write(
    'token.yaml',
    kubeconfigYaml({
      server: 'https://x:6443',
      caPem: cluster.serverCa.certificatePem,
      user: { username: 'admin', password: 'pw-Planted-123' },
    }),
  );
  write('garbage.yaml', 'users: [\n');
  giveToTestUser(fx, fx.dir);
  current = await currentOf(files['k3s.yaml']!);
});
after(async () => {
  await fx?.stop();
});

test("each context is judged against its cluster's current admin certificate, exactly", async () => {
  const paths = [
    'k3s.yaml',
    'stale-valid.yaml',
    'stale-expired.yaml',
    'developer.yaml',
    'other-cluster.yaml',
    'rotated-ca.yaml',
    'token.yaml',
  ].map((n) => files[n]!);
  const r = await runStep(kubeconfigInfoStep, fx.host, { paths, current: [current] }, { check: true });
  assert.equal(r.changed, false);
  const states = (r.data?.kubeconfigs as Array<{ contexts: Array<{ state: string; why: string; cluster: string | null }> }>).map(
    (k) => k.contexts[0]!,
  );
  assert.deepEqual(
    states.map((s) => s.state),
    ['current', 'stale', 'stale', 'other-user', 'other-cluster', 'stale', 'not-judged'],
  );
  assert.equal(states[0]!.cluster, 'prod');
  assert.equal(states[4]!.cluster, null);
  assert.match(states[1]!.why, /signed by the same client CA, so the API still accepts it until it expires on \S+ \(in (29|30) days\)/);
  assert.match(states[2]!.why, /it expired on \S+, so the API refuses it$/);
  assert.match(states[3]!.why, /a client certificate of jane, not the admin's: rotation leaves it alone$/);
  assert.match(states[5]!.why, /signed by another client CA \(CN=k3s-client-ca@\d+\), so the API refuses it$/);
  assert.match(states[6]!.why, /a user and password \(k3s v1.18 and before\)/);
  assert.deepEqual(
    r.data?.stale,
    paths
      .slice(1, 3)
      .concat(paths[5]!)
      .map((p) => `${p} [default]`),
  );
  assert.equal(r.msg, '1 current, 3 stale, 1 other-user, 1 other-cluster, 1 not-judged');
  assert.ok(!JSON.stringify(r).includes('pw-Planted-123'));
});

test('missing, unreadable, not a kubeconfig, not absolute: lines that say so, not failures', async () => {
  const r = await runStep(kubeconfigInfoStep, fx.host, {
    paths: [join(fx.dir, 'absent.yaml'), files['garbage.yaml']!, 'relative.yaml', '/etc/shadow'],
    current: [current],
  });
  assert.equal(r.failed, undefined);
  const lines = r.data?.lines as string[];
  assert.equal(lines[0], `${join(fx.dir, 'absent.yaml')}: absent`);
  assert.match(lines[1]!, /garbage\.yaml: not a kubeconfig: not YAML \(at line \d\)$/);
  assert.match(lines[2]!, /relative\.yaml is not an absolute path/);
  assert.match(lines[3]!, /^\/etc\/shadow: permission denied/);
});

test('~/ and ~user/ are expanded on the host, as its shell does', async () => {
  const r = await runStep(kubeconfigInfoStep, fx.host, {
    paths: ['~/nope.yaml', `~${fx.sshd.user}/x.yaml`, '~no-such-user-x/y.yaml'],
    max_size: 4096,
  });
  const kubeconfigs = r.data?.kubeconfigs as Array<{ file?: string; error?: string }>;
  assert.match(kubeconfigs[0]!.file!, /^\/.+\/nope\.yaml$/);
  assert.equal(kubeconfigs[1]!.file, kubeconfigs[0]!.file!.replace(/nope\.yaml$/, 'x.yaml'));
  assert.match(kubeconfigs[2]!.error!, /~no-such-user-x names no home directory on the host/);
});

test('the secrets of every file read are handed to the run', async () => {
  const seen: string[] = [];
  const ctx = stepContext(fx.host);
  await kubeconfigInfoStep.run!({ paths: [files['token.yaml']!, files['k3s.yaml']!] }, { ...ctx, secret: (s) => seen.push(s) });
  assert.ok(seen.includes('pw-Planted-123'));
  assert.ok(
    seen.some((s) => s.includes('PRIVATE KEY')),
    'the client key, decoded',
  );
});
