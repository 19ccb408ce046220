/**
 * certbook's Kubernetes manifests, rendered from deploy/kubernetes/settings.yaml: pure, so the
 * test can hold the committed files to it and validate every object against the Kubernetes
 * OpenAPI schemas. `npm run manifests` writes them (scripts/write-kubernetes-manifests.ts).
 */
import { stringify } from 'yaml';
import { IMAGE_USER } from '../image/recipe.js';
import { INDEXED_RUN_SCRIPT } from './indexed-run.js';
import { type DeploySettings, SETTINGS_FILE } from './settings.js';

/** A Kubernetes object as plain data. */
export type KubeObject = { apiVersion: string; kind: string; metadata: Record<string, unknown> } & Record<string, unknown>;

/** One rendered file: its path from the repository root, its objects and its text. */
export interface ManifestFile {
  path: string;
  objects: KubeObject[];
  text: string;
}

const LABELS = { 'app.kubernetes.io/name': 'certbook' };

function metadata(s: DeploySettings, name: string, component: string): Record<string, unknown> {
  return { name, namespace: s.namespace, labels: { ...LABELS, 'app.kubernetes.io/component': component } };
}

/** The pod of every run: unprivileged, read-only, no Kubernetes API token, the SSH key from the Secret. */
function podSpec(s: DeploySettings, playbook: string, successCodes: string): Record<string, unknown> {
  const component = playbook;
  const env = (name: string, value: string | number) => ({ name, value: String(value) });
  return {
    metadata: { labels: { ...LABELS, 'app.kubernetes.io/component': component } },
    spec: {
      serviceAccountName: 'certbook',
      // certbook talks SSH, not Kubernetes: no token in the pod.
      automountServiceAccountToken: false,
      restartPolicy: 'Never',
      securityContext: {
        runAsNonRoot: true,
        runAsUser: IMAGE_USER.uid,
        runAsGroup: IMAGE_USER.gid,
        fsGroup: IMAGE_USER.gid,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'certbook',
          image: s.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['/bin/sh', '-c', INDEXED_RUN_SCRIPT],
          env: [
            env('PLAYBOOK', playbook),
            env('SHARDS', s.shards),
            env('INVENTORY', `/etc/certbook/inventory/${s.inventory.file}`),
            env('REPORTS_DIR', '/reports'),
            env('SUCCESS_CODES', successCodes),
            env('MERGE_WAIT_SECONDS', s.deadlineSeconds - s.mergeSeconds),
            env('REPORTS_KEEP_DAYS', s.reports.keepDays),
            env('PUSHGATEWAY_URL', s.pushgateway.replace(/\/$/, '')),
            // Every pod of one Job shares its name: the run's directory on the reports volume.
            { name: 'JOB_NAME', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-name']" } } },
            { name: 'CERTBOOK_SSH_KEY_PASSPHRASE', valueFrom: { secretKeyRef: { name: s.sshSecret, key: 'passphrase', optional: true } } },
          ],
          resources: s.resources,
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            privileged: false,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
          volumeMounts: [
            { name: 'ssh', mountPath: `${IMAGE_USER.home}/.ssh`, readOnly: true },
            { name: 'inventory', mountPath: '/etc/certbook/inventory', readOnly: true },
            { name: 'reports', mountPath: '/reports' },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        {
          name: 'ssh',
          secret: {
            secretName: s.sshSecret,
            defaultMode: 0o400,
            items: [
              { key: 'id_ed25519', path: 'id_ed25519' },
              { key: 'known_hosts', path: 'known_hosts' },
            ],
          },
        },
        { name: 'inventory', configMap: { name: s.inventory.configMap } },
        { name: 'reports', persistentVolumeClaim: { claimName: s.reports.claim } },
        { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      ],
    },
  };
}

/** The Indexed Job of N shards and the merge (index N); see indexed-run.ts for the order. */
function indexedJobSpec(s: DeploySettings, playbook: string, parallelism: number, successCodes: string): Record<string, unknown> {
  return {
    completionMode: 'Indexed',
    completions: s.shards + 1,
    parallelism,
    // A shard whose run broke gets one more try; a failed index does not stop the others.
    backoffLimitPerIndex: 1,
    activeDeadlineSeconds: s.deadlineSeconds,
    podFailurePolicy: {
      rules: [
        // Bad playbook, inventory or options: every shard would fail alike.
        { action: 'FailJob', onExitCodes: { containerName: 'certbook', operator: 'In', values: [4, 5] } },
        // A node drained or a pod preempted is no failure of the run: try again.
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      ],
    },
    template: podSpec(s, playbook, successCodes),
  };
}

function file(path: string, about: string[], objects: KubeObject[]): ManifestFile {
  const header = [
    `# Generated from ${SETTINGS_FILE} by \`npm run manifests\`: edit that file, not this one.`,
    ...about.map((l) => `# ${l}`),
  ];
  const body = objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
  return { path, objects, text: `${header.join('\n')}\n${body}` };
}

/** Every manifest file of deploy/kubernetes/ but prometheusrule.yaml (npm run rules). */
export function renderManifests(s: DeploySettings): ManifestFile[] {
  const serviceAccount: KubeObject = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: metadata(s, 'certbook', 'runner'),
    automountServiceAccountToken: false,
  };
  const claim: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: metadata(s, s.reports.claim, 'reports'),
    spec: { accessModes: [s.reports.accessMode], resources: { requests: { storage: s.reports.storage } } },
  };
  const cronJob: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: metadata(s, 'certbook-check-expiry', 'check-expiry'),
    spec: {
      schedule: s.checkExpiry.schedule,
      timeZone: s.checkExpiry.timeZone,
      concurrencyPolicy: 'Forbid',
      // A run that could not start within the hour is skipped; CertbookRunMissing notices.
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels: { ...LABELS, 'app.kubernetes.io/component': 'check-expiry' } },
        spec: indexedJobSpec(s, 'check-expiry', s.checkExpiry.parallelism, '0 2'),
      },
    },
  };
  const rotate: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { generateName: 'certbook-rotate-', namespace: s.namespace, labels: { ...LABELS, 'app.kubernetes.io/component': 'rotate' } },
    spec: { ...indexedJobSpec(s, 'rotate', s.rotate.parallelism, '0'), ttlSecondsAfterFinished: 7 * 86400 },
  };
  return [
    file(
      'deploy/kubernetes/serviceaccount.yaml',
      ['certbook talks SSH to the hosts, not to Kubernetes: this account has no Role, no binding, no token.'],
      [serviceAccount],
    ),
    file(
      'deploy/kubernetes/reports-pvc.yaml',
      ['Shard reports, the merged fleet report, its HTML and metrics: /reports/<Job name>/ on this volume.'],
      [claim],
    ),
    file(
      'deploy/kubernetes/check-expiry-cronjob.yaml',
      [`check-expiry nightly: ${s.shards} shards and their merge as one Indexed Job.`],
      [cronJob],
    ),
    file(
      'deploy/kubernetes/rotate-job.yaml',
      [
        `rotate once, in ${s.shards} shards, ${s.rotate.parallelism} at a time: kubectl create -f (generateName: each create is a new run).`,
      ],
      [rotate],
    ),
  ];
}
