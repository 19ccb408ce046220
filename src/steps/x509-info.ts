/** `x509_info`: read certificates and judge their validity. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, CERTIFICATE_FIELDS, JUDGED_AT, type StepArgs, str, strOrList, VALID_AT, WARN_DAYS } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args({
  path: str('One certificate file on the host.'),
  paths: strOrList(
    'Certificate files on the host: paths or glob patterns (`/var/lib/rancher/k3s/server/tls/*.crt`; a `**` component matches any depth of directories, `server/tls/**/*.crt`).',
  ),
  content: str('PEM text of the certificate(s), e.g. from a registered `slurp` (after `b64decode`).'),
  bundle: bool('Read every certificate in each file (a chain or a CA bundle), not just the first.', false),
  valid_at: VALID_AT,
  at: JUDGED_AT,
  warn_days: WARN_DAYS,
  fail_on_missing: bool(
    'Fail the task when a `path` or `paths` entry matches no file. With false, such entries are listed in `missing`.',
    true,
  ),
});

/** The arguments of `x509_info`, defaults applied. */
export type X509InfoArgs = StepArgs<typeof schema>;

/** Parses X.509 certificates on the host (or given inline) into registered facts. */
export const x509InfoStep: StepDefinition = {
  name: 'x509_info',
  summary: 'Read X.509 certificates and check when they expire',
  description:
    'Reads PEM certificates from one file (`path`), several files or globs (`paths`), or inline text (`content`), and registers, for each ' +
    'certificate, its subject, issuer, SANs, validity dates, whether it has expired and how many days are left. `valid_at` asks "will it still ' +
    'be valid then?" for named moments (`+90d` is the k3s renewal window), and `at` judges everything as of another date, for planning. ' +
    'Only the first certificate of each file is read unless `bundle` is on. Parsing happens on the controller; only the files are read from the host.',
  schema,
  conflicts: [['path', 'paths', 'content']],
  requiresOneOf: [['path', 'paths', 'content']],
  argumentHints: {
    select_crit: 'not supported; filter the registered `certificates` with `selectattr`',
    name_encoding: 'names are always returned as readable text',
  },
  checkMode: 'Runs as usual: it only reads.',
  changed: 'Never.',
  returns: {
    certificates: 'the certificates read, in file order, each with the fields below',
    'certificates[].path': 'the file it was read from (absent with `content`)',
    'certificates[].index': 'its position in that file, from 0',
    ...Object.fromEntries(Object.entries(CERTIFICATE_FIELDS).map(([field, meaning]) => [`certificates[].${field}`, meaning])),
    soonest: 'the certificate that expires first (absent when none was read)',
    missing: 'the paths or patterns that matched no file',
    judged_at: 'the moment used for `expired` and `days_left`, ISO 8601',
    errors: 'one entry per file that could not be read or parsed (`{path, error}`); the task fails when there are any',
  },
  examples: [
    {
      title: 'Which k3s certificates expire within the renewal window?',
      yaml: '- name: Read the k3s server certificates\n  x509_info:\n    paths: "{{ k3s_data_dir }}/server/tls/*.crt"\n    valid_at:\n      renewal_window: +90d\n  register: k3s_tls\n',
    },
    {
      title: 'Plan ahead: would the CA chain still be valid on a given date?',
      yaml: '- name: CA bundle as of next year\n  x509_info:\n    path: /etc/ssl/certs/ca-certificates.crt\n    bundle: true\n    at: "2027-01-01"\n  register: ca_next_year\n',
    },
  ],
  // Imported on first use: the certificate parser costs ~200 ms to load, which `certbook steps`
  // and playbooks without certificate tasks should not pay.
  run: async (rawArgs, ctx) => {
    const { runX509Info } = await import('./x509-info/x509-info-run.js');
    return runX509Info(withDefaults(schema, rawArgs), ctx);
  },
};
