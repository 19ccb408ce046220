/**
 * deploy/kubernetes/: the committed manifests are what `npm run manifests` renders from
 * settings.yaml; every object passes the Kubernetes OpenAPI schemas (kubernetes-models) with
 * unknown fields refused; and they hold the promises the README makes (no API rights, non-root,
 * read-only, no capabilities, Forbid, shards + merge as one Indexed Job, bounded parallelism).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { type KubeObject, renderManifests } from '../../scripts/kubernetes-manifests/render.js';
import { parseSettings, SETTINGS_FILE } from '../../scripts/kubernetes-manifests/settings.js';
import { strictProblems } from '../harness/strict-kubernetes.js';

const root = join(import.meta.dirname, '..', '..');
const settingsText = readFileSync(join(root, SETTINGS_FILE), 'utf8');
const settings = parseSettings(settingsText);
const rendered = renderManifests(settings);
const committed = rendered.map((f) => ({
  path: f.path,
  objects: parseAllDocuments(readFileSync(join(root, f.path), 'utf8')).map((d) => d.toJS() as KubeObject),
}));
const all = committed.flatMap((f) => f.objects);

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const byKind = (kind: string): Any[] => all.filter((o) => o.kind === kind) as Any[];
const jobSpecs = (): Any[] => [...byKind('CronJob').map((c) => c.spec.jobTemplate.spec), ...byKind('Job').map((j) => j.spec)];

test('the committed manifests are generated from settings.yaml (npm run manifests)', () => {
  for (const file of rendered)
    assert.equal(readFileSync(join(root, file.path), 'utf8'), file.text, `${file.path} is stale: run npm run manifests`);
  assert.deepEqual(all.map((o) => o.kind).sort(), ['CronJob', 'Job', 'PersistentVolumeClaim', 'ServiceAccount']);
});

test('every object passes the Kubernetes OpenAPI schemas with unknown fields refused', () => {
  for (const object of all)
    assert.deepEqual(strictProblems(object), [], `${object.kind} ${String(object.metadata.name ?? object.metadata.generateName)}`);
});

test('the strict check refuses a misspelt field anywhere, and the schemas a wrong value', () => {
  const cron = structuredClone(byKind('CronJob')[0]!);
  const job = cron.spec.jobTemplate.spec;
  job.parallelizm = 3;
  job.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
  job.template.spec.volumes[0].secret.items[0].mdoe = 0o400;
  assert.deepEqual(strictProblems(cron), [
    'unknown field /spec/jobTemplate/spec/parallelizm',
    'unknown field /spec/jobTemplate/spec/template/spec/containers/0/securityContext/readOnlyRootFileSystem',
    'unknown field /spec/jobTemplate/spec/template/spec/volumes/0/secret/items/0/mdoe',
  ]);
  const wrong = structuredClone(byKind('CronJob')[0]!);
  wrong.spec.concurrencyPolicy = 'Never';
  wrong.spec.jobTemplate.spec.completions = 'five';
  const problems = strictProblems(wrong);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /concurrencyPolicy must be equal to one of the allowed values/);
  assert.match(problems[0]!, /completions must be integer/);
  // Map keys (labels) are free: the check does not refuse what the schema allows.
  const labelled = structuredClone(byKind('ServiceAccount')[0]!);
  labelled.metadata.labels['example.com/team'] = 'platform';
  assert.deepEqual(strictProblems(labelled), []);
});

test('no Kubernetes API rights: no Role or binding, the account and every pod without a token', () => {
  assert.deepEqual(
    all.filter((o) => /Role/.test(o.kind)),
    [],
  );
  assert.equal(byKind('ServiceAccount')[0]!.automountServiceAccountToken, false);
  for (const job of jobSpecs()) {
    assert.equal(job.template.spec.serviceAccountName, 'certbook');
    assert.equal(job.template.spec.automountServiceAccountToken, false);
  }
});

test('every pod runs non-root on a read-only root, no capabilities, seccomp RuntimeDefault, with resources', () => {
  for (const job of jobSpecs()) {
    const pod = job.template.spec;
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.securityContext.runAsUser, 10001);
    assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
    assert.equal(pod.restartPolicy, 'Never');
    for (const c of pod.containers) {
      assert.equal(c.image, settings.image);
      assert.deepEqual(c.securityContext.capabilities, { drop: ['ALL'] });
      assert.equal(c.securityContext.readOnlyRootFilesystem, true);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false);
      assert.equal(c.securityContext.seccompProfile.type, 'RuntimeDefault');
      assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory);
      const mounts = Object.fromEntries(c.volumeMounts.map((m: Any) => [m.name, m]));
      assert.equal(mounts.ssh.mountPath, '/home/certbook/.ssh');
      assert.equal(mounts.ssh.readOnly, true);
      assert.equal(mounts.inventory.readOnly, true);
      assert.equal(mounts.tmp.mountPath, '/tmp');
    }
    const ssh = pod.volumes.find((v: Any) => v.name === 'ssh');
    assert.equal(ssh.secret.secretName, settings.sshSecret);
    assert.equal(ssh.secret.defaultMode, 0o400);
    assert.deepEqual(
      ssh.secret.items.map((i: Any) => i.path),
      ['id_ed25519', 'known_hosts'],
    );
  }
});

test('check-expiry nightly, never two at once; rotate one-off with fewer shards at once than there are', () => {
  const cron = byKind('CronJob')[0]!;
  assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
  assert.equal(cron.spec.schedule, settings.checkExpiry.schedule);
  assert.equal(cron.spec.timeZone, 'Etc/UTC');
  const rotate = byKind('Job')[0]!;
  assert.equal(rotate.metadata.generateName, 'certbook-rotate-');
  assert.ok(rotate.spec.parallelism < settings.shards, 'rotate parallelism is bounded below the shard count');
  for (const job of jobSpecs()) {
    assert.equal(job.completionMode, 'Indexed');
    assert.equal(job.completions, settings.shards + 1, 'N shards and the merge');
    assert.equal(job.backoffLimitPerIndex, 1);
    assert.ok(job.activeDeadlineSeconds > 0);
    assert.deepEqual(job.podFailurePolicy.rules[0].onExitCodes.values, [4, 5]);
    const env = Object.fromEntries(job.template.spec.containers[0].env.map((e: Any) => [e.name, e.value ?? e.valueFrom]));
    assert.equal(env.SHARDS, String(settings.shards));
    assert.equal(env.JOB_NAME.fieldRef.fieldPath, "metadata.labels['batch.kubernetes.io/job-name']");
    assert.equal(env.CERTBOOK_SSH_KEY_PASSPHRASE.secretKeyRef.optional, true);
  }
  const codes = (job: Any): string => job.template.spec.containers[0].env.find((e: Any) => e.name === 'SUCCESS_CODES').value;
  assert.equal(codes(cron.spec.jobTemplate.spec), '0 2');
  assert.equal(codes(rotate.spec), '0');
});

test('the shard count and the image are set in one place: settings.yaml', () => {
  const changed = parseSettings(
    settingsText.replace(/^shards: \d+$/m, 'shards: 7').replace(/^image: .*$/m, 'image: registry.internal/ops/certbook:9.9.9'),
  );
  const objects = renderManifests(changed).flatMap((f) => f.objects) as Any[];
  const jobs = objects.flatMap((o) => (o.kind === 'CronJob' ? [o.spec.jobTemplate.spec] : o.kind === 'Job' ? [o.spec] : []));
  assert.equal(jobs.length, 2);
  for (const job of jobs) {
    assert.equal(job.completions, 8);
    assert.equal(job.template.spec.containers[0].image, 'registry.internal/ops/certbook:9.9.9');
    assert.ok(job.template.spec.containers[0].env.some((e: Any) => e.name === 'SHARDS' && e.value === '7'));
  }
  for (const object of objects) assert.deepEqual(strictProblems(object), []);
});

test('bad settings are refused before anything is rendered, each named', () => {
  const bad = settingsText
    .replace(/^shards: \d+$/m, 'shards: 0')
    .replace(/^mergeSeconds: \d+$/m, 'mergeSeconds: 9999')
    .replace(/^namespace:/m, 'namespaec:');
  assert.throws(() => parseSettings(bad), /unknown setting namespaec; missing setting namespace/);
  const values = settingsText.replace(/^shards: \d+$/m, 'shards: 0').replace(/^mergeSeconds: \d+$/m, 'mergeSeconds: 9999');
  assert.throws(
    () => parseSettings(values),
    (e: Error) =>
      /shards must be a whole number ≥ 1, not 0/.test(e.message) && /mergeSeconds must be less than deadlineSeconds/.test(e.message),
  );
});
