/** `kube_secret`: read or delete a Kubernetes Secret with kubectl on the host. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, choice, JUDGED_AT, type StepArgs, str, typed, VALID_AT, WARN_DAYS } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    name: str('The Secret name, e.g. `k3s-serving`.'),
    namespace: str('The namespace of the Secret.', { default: 'default' }),
    state: choice(['get', 'absent'], '`get` reads the Secret; `absent` deletes it when it exists.', 'get'),
    kubectl: str('How to run kubectl on the host, split into words: `kubectl`, `k3s kubectl`, `/usr/local/bin/kubectl`.', {
      default: 'kubectl',
    }),
    kubeconfig: str("The kubeconfig file kubectl uses, e.g. `/etc/rancher/k3s/k3s.yaml`. kubectl's own default when omitted."),
    insecure_skip_tls_verify: typed<boolean | 'auto'>({
      enum: [true, false, 'auto'],
      description:
        'Skip verification of the API server certificate: `true` always, `false` never, `auto` only after an expired/not-yet-valid certificate error.',
      default: false,
    }),
    wait: bool('With `absent`, wait until the Secret is really gone.', true),
    valid_at: VALID_AT,
    at: JUDGED_AT,
    warn_days: WARN_DAYS,
  },
  ['name'],
);

/** The arguments of `kube_secret`, defaults applied. */
export type KubeSecretArgs = StepArgs<typeof schema>;

/** Gets or deletes a Secret through the host's kubectl, able to cope with an expired API certificate. */
export const kubeSecretStep: StepDefinition = {
  name: 'kube_secret',
  summary: 'Read or delete a Kubernetes Secret with kubectl on the host',
  description:
    'Runs `kubectl` on the host to `get` the Secret `namespace/name` (registering whether it exists and its data) or to delete it (`absent`). ' +
    'When the API server certificate has expired, kubectl fails with `x509: certificate has expired or is not yet valid`; on old k3s the only ' +
    'fix is to delete the `kube-system/k3s-serving` Secret, which needs kubectl to skip verification. `insecure_skip_tls_verify: auto` ' +
    'retries once with `--insecure-skip-tls-verify` only after exactly that error, so the check stays on whenever it can. ' +
    'The registered `data` holds secret material: it is redacted in every report.',
  schema,
  argumentHints: {
    kind: 'kube_secret handles Secrets only',
    definition: 'creating Secrets is not supported; use `command` with `kubectl apply`',
    validate_certs: 'use `insecure_skip_tls_verify` (true, false or auto)',
  },
  checkMode: '`get` runs as usual; `absent` reports whether the Secret would be deleted without deleting it.',
  changed: 'True when `absent` deleted a Secret that existed.',
  returns: {
    exists: 'whether the Secret exists (before deletion, with `absent`)',
    type: 'the Secret type, e.g. `kubernetes.io/tls`',
    keys: 'the names of its data entries',
    data: 'certificate entries only (`tls.crt`, `ca.crt`), base64-encoded; `tls.key` and every other entry are never returned',
    redacted: 'the names of the entries (and annotations) left out of `data`',
    certificate: "`tls.crt`'s first certificate, with the fields `x509_info` gives",
    certificates: 'every certificate in `tls.crt`',
    certificate_error: 'why `tls.crt` could not be parsed, if it could not',
    annotations: "the Secret's annotations (`listener.cattle.io/*` on k3s-serving)",
    labels: "the Secret's labels",
    uid: "the Secret's uid",
    creation_timestamp: 'when the Secret was created',
    name: 'the Secret name',
    namespace: 'the namespace',
    insecure: 'true when the server certificate was not verified (asked for, or retried with `auto`)',
    insecure_retry: 'true when `auto` retried without verification after an expired or not-yet-valid serving certificate',
    tls_error: 'the x509 error that caused that retry',
  },
  examples: [
    {
      title: 'Delete the cluster-wide serving certificate of an old k3s, even when it has expired',
      yaml: '- name: Delete the k3s-serving Secret\n  kube_secret:\n    name: k3s-serving\n    namespace: kube-system\n    state: absent\n    kubectl: k3s kubectl\n    insecure_skip_tls_verify: auto\n  run_once: true\n',
    },
  ],
  // Imported on first use: the certificate parser it uses for `tls.crt` costs ~200 ms to load.
  run: async (rawArgs, ctx) => {
    const { runKubeSecret } = await import('./kube-secret/kube-secret-run.js');
    return runKubeSecret(withDefaults(schema, rawArgs), ctx);
  },
};
