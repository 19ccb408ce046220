/** `kubeconfig_info`: which kubeconfigs on a host hold a cluster's current admin certificate. */
import { withDefaults } from './host-ops/step-args.js';
import type { CurrentAdmin } from './kubeconfig/staleness.js';
import { args, int, type StepArgs, strOrList, typed } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    paths: strOrList('Kubeconfig files on the host: absolute, `~/…` or `~user/…`. A missing file is reported as such, not a failure.'),
    current: typed<CurrentAdmin[]>({
      type: 'array',
      description:
        'What `kubeconfig_fetch` registered for each cluster (`name`, `ca_fingerprint_sha256`, `client_certificate`); contexts are matched to them by server CA.',
      items: {
        type: 'object',
        required: ['name', 'ca_fingerprint_sha256', 'client_certificate'],
        properties: {
          name: { type: 'string' },
          ca_fingerprint_sha256: { type: ['string', 'null'] },
          client_certificate: { type: ['object', 'null'] },
        },
      },
      default: [],
    }),
    max_size: int('The largest kubeconfig, in bytes, that is read.', { minimum: 1, default: 1048576 }),
  },
  ['paths'],
);

/** The arguments of `kubeconfig_info`, defaults applied. */
export type InfoArgs = StepArgs<typeof schema>;

/** Reads kubeconfig files and judges each context against the clusters' current admin kubeconfigs. */
export const kubeconfigInfoStep: StepDefinition = {
  name: 'kubeconfig_info',
  summary: 'Tell which kubeconfigs on the host hold a stale admin certificate',
  description:
    "Reads each kubeconfig of `paths` on the host (`~/` and `~user/` are expanded there; delegate to `localhost` for the controller's) and, " +
    "for every context, finds its cluster by the server CA embedded in it and compares its client certificate with that cluster's " +
    'current admin certificate in `current` (the results `kubeconfig_fetch` registered). A context is `current` (the same certificate), ' +
    '`stale` (an earlier admin certificate), `other-user` (a certificate of someone else, which rotation does not touch), `not-judged` ' +
    '(a token, a password, an exec plugin, no embedded CA) or `other-cluster`. A stale certificate signed by the same client CA is still ' +
    'accepted by the API until it expires, and `why` says so with the date; an expired one, or one another client CA signed, is refused. ' +
    'Only fingerprints, names and dates are registered: keys, tokens and passwords never are, and each is masked wherever a later task would show it.',
  schema,
  checkMode: 'Runs as usual: it only reads.',
  changed: 'Never.',
  returns: {
    kubeconfigs:
      'per path: `path` (as given), `file` (expanded), `exists`, `error` (why it could not be read or is not a kubeconfig), and `contexts`: ' +
      "`context`, `cluster` (the matched cluster's name, or null), `server`, `user`, `auth`, `client_certificate` (subject, issuer, dates, " +
      '`fingerprint_sha256`), `ca_fingerprint_sha256`, `state` and `why`',
    lines: 'one line per context (`PATH [CONTEXT]: STATE: WHY`) and per missing or unreadable file, for a `debug`',
    stale: 'the `PATH [CONTEXT]` of every stale context',
  },
  examples: [
    {
      title: 'Name the stale copies of the admin kubeconfig on the controller',
      yaml:
        '- name: Judge the kubeconfigs on the controller\n  kubeconfig_info:\n    paths: ["~/.kube/config", /srv/ci/kubeconfig]\n' +
        '    current: "{{ fetched_kubeconfigs }}"\n  delegate_to: localhost\n  become: false\n  run_once: true\n  register: judged\n',
    },
  ],
  // Imported on first use: the certificate parser costs ~200 ms to load.
  run: async (rawArgs, ctx) => {
    const { runKubeconfigInfo } = await import('./kubeconfig-info/info-run.js');
    return runKubeconfigInfo(withDefaults(schema, rawArgs), ctx);
  },
};
