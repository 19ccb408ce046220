/** `kubeconfig_fetch`: copy a kubeconfig from the host to the controller, renamed and re-pointed. */
import { withDefaults } from './host-ops/step-args.js';
import { args, int, type StepArgs, str } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    src: str('The kubeconfig on the host, e.g. `/etc/rancher/k3s/k3s.yaml`.'),
    dest: str('The file to write on the controller (an absolute path), e.g. `/home/me/.kube/clusters/prod.yaml`.'),
    name: str("The name given to its cluster, user and context (kubectl `--context NAME`); the file's own when omitted.", { minLength: 1 }),
    server: str(
      "The API URL written into it, e.g. `https://10.0.0.10:6443`; the file's own (k3s: `https://127.0.0.1:6443`) when omitted.",
      {
        pattern: '^https?://[^\\s]+$',
        errorHint: 'give a URL such as `https://10.0.0.10:6443` (an IPv6 address in brackets: `https://[fd00::1]:6443`)',
      },
    ),
    max_size: int('The largest kubeconfig, in bytes, that is read.', { minimum: 1, default: 1048576 }),
  },
  ['src', 'dest'],
);

/** The arguments of `kubeconfig_fetch`, defaults applied. */
export type FetchArgs = StepArgs<typeof schema>;

/** Fetches k3s's admin kubeconfig to a file on the controller, 0600, written atomically. */
export const kubeconfigFetchStep: StepDefinition = {
  name: 'kubeconfig_fetch',
  summary: 'Copy an admin kubeconfig from the host to a file on the controller',
  description:
    'Reads the kubeconfig `src` on the host (k3s writes its admin kubeconfig to `/etc/rancher/k3s/k3s.yaml`: one cluster, one user, one context, ' +
    'all named `default`, server `https://127.0.0.1:6443`), renames its cluster, user and context to `name`, points it at `server`, and writes it to ' +
    "`dest` on the controller: mode 0600, atomically (a temporary file renamed over it), only when its content differs. `dest`'s directory must " +
    'exist and be writable (it is never created), and `dest` must be a regular file or absent: a symbolic link is refused. ' +
    'The kubeconfig is a secret: its key, token or password never appears in the result, a message or a diff, and each is masked wherever ' +
    'a later task would show it. What is registered is where it went and the fingerprints of its certificates.',
  schema,
  aliases: { path: 'src' },
  argumentHints: {
    flat: "kubeconfig_fetch always writes exactly `dest` (Ansible fetch's `flat: true`)",
    mode: "the file is always written 0600: it holds the admin's key",
  },
  checkMode: 'Reads the host and the controller file, writes nothing, and reports whether it would write (changed).',
  changed: 'The controller file was written (absent, different content, or a mode other than 0600).',
  returns: {
    dest: 'the file on the controller',
    name: 'the cluster, user and context name in it',
    server: 'the API URL in it',
    auth: 'how it authenticates: `client-certificate` (k3s v1.19 and later), `basic-auth` (k3s v1.18 and before: user and password), `token`, …',
    client_certificate:
      'its client certificate (`subject`, `common_name`, `issuer`, `not_before`, `not_after`, `expired`, `days_left`, `fingerprint_sha256`), or null',
    ca_fingerprint_sha256: "SHA-256 fingerprint of its embedded server CA (the cluster's identity), or null",
    previous_client_certificate: 'the client certificate of the file it replaced (same fields), or null',
    written: 'true when the file was written (false when it was up to date, and in check mode)',
  },
  examples: [
    {
      title: 'Fetch k3s.yaml to the controller, named after the cluster and pointed at the server',
      yaml:
        '- name: Write the admin kubeconfig on the controller\n  kubeconfig_fetch:\n    src: /etc/rancher/k3s/k3s.yaml\n    dest: /home/ops/.kube/k3s/prod.yaml\n' +
        '    name: prod\n    server: "https://{{ ansible_host }}:6443"\n  become: true\n  run_once: true\n',
    },
  ],
  // Imported on first use: the certificate parser costs ~200 ms to load.
  run: async (rawArgs, ctx) => {
    const { runKubeconfigFetch } = await import('./kubeconfig-fetch/fetch-run.js');
    return runKubeconfigFetch(withDefaults(schema, rawArgs), ctx);
  },
};
