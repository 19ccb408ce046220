/** `tls_probe`: connect with TLS and read the certificate a server presents. */
import { withDefaults } from './host-ops/step-args.js';
import { args, CERTIFICATE_FIELDS, choice, int, JUDGED_AT, type StepArgs, str, VALID_AT, WARN_DAYS } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args({
  host: str('The address to connect to.', { default: '127.0.0.1' }),
  port: int('The TCP port.', { minimum: 1, maximum: 65535, default: 6443 }),
  server_name: str('The SNI name to send. Defaults to `host` when it is a name; none is sent for an IP address.'),
  from: choice(['host', 'controller'], 'Where the connection starts.', 'host'),
  timeout: int('Seconds to wait for the handshake.', { minimum: 1, default: 10 }),
  valid_at: VALID_AT,
  at: JUDGED_AT,
  warn_days: WARN_DAYS,
});

/** The arguments of `tls_probe`, defaults applied. */
export type TlsProbeArgs = StepArgs<typeof schema>;

/** Reads the certificate actually served on a port, which may differ from the files on disk. */
export const tlsProbeStep: StepDefinition = {
  name: 'tls_probe',
  summary: 'Read the certificate a TLS server actually presents',
  description:
    'Opens a TLS connection to `host:port` (sending `server_name` as SNI) and registers the certificate and chain the server presents, ' +
    'without verifying them: an expired certificate is exactly what this step is for. On k3s the certificate served on :6443 lives in ' +
    'the `k3s-serving` Secret and `dynamic-cert.json`, not in the files `x509_info` reads, so probe it to know what clients really see. ' +
    'With `from: host` the connection starts on the managed host (so `127.0.0.1` is that host); with `from: controller`, on the machine running certbook.',
  schema,
  checkMode: 'Runs as usual: it only reads.',
  changed: 'Never.',
  returns: {
    certificate: "the server's own (leaf) certificate, with the fields below",
    ...Object.fromEntries(Object.entries(CERTIFICATE_FIELDS).map(([field, meaning]) => [`certificate.${field}`, meaning])),
    chain: 'every certificate presented, leaf first, each with the same fields as `certificate`',
    protocol: 'the TLS version negotiated, e.g. `TLSv1.3`',
    address: 'the address and port connected to',
    from: '`host` or `controller`: where the connection was made from',
    server_name: 'the SNI name sent, if any',
    verified: "true when the chain verifies against Node's bundled Mozilla roots",
    verify_code: 'the verification error code (`CERT_HAS_EXPIRED`, …), or null',
    verify_error: 'the verification error in words, or null',
    hostname_matches: 'true when the leaf covers the name connected to',
  },
  examples: [
    {
      title: 'What does the API server present right now?',
      yaml: '- name: Probe the served certificate\n  tls_probe:\n    port: 6443\n    valid_at:\n      next_month: +30d\n  register: served\n',
    },
    {
      title: 'Check a load balancer from the controller, with SNI',
      yaml: '- name: Probe the public endpoint\n  tls_probe:\n    host: "{{ api_endpoint }}"\n    port: 443\n    server_name: k8s.example.com\n    from: controller\n  register: public_cert\n  run_once: true\n',
    },
  ],
  // Imported on first use: the certificate parser costs ~200 ms to load.
  run: async (rawArgs, ctx) => {
    const { runTlsProbe } = await import('./tls-probe/tls-probe-run.js');
    return runTlsProbe(withDefaults(schema, rawArgs), ctx);
  },
};
