/** `wait_for`: wait until a port, a file or a URL is in the expected state. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, choice, int, type StepArgs, str, typed } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args({
  host: str('The address to connect to with `port`.', { default: '127.0.0.1' }),
  port: int('A TCP port to wait for.', { minimum: 1, maximum: 65535 }),
  path: str('A file on the host to wait for.'),
  url: str('An http:// or https:// URL to wait for, e.g. `https://127.0.0.1:6443/ping`.', {
    pattern: '^https?://',
    errorHint: 'give a full URL starting with http:// or https://, e.g. `https://127.0.0.1:6443/ping`',
  }),
  state: choice(
    ['started', 'stopped', 'present', 'absent', 'drained'],
    'The condition to wait for (see the description for each kind of target).',
    'started',
  ),
  search_regex: str('A regular expression the file contents or the response body must match.'),
  status_code: typed<number | number[]>({
    anyOf: [
      { type: 'integer', minimum: 100, maximum: 599 },
      { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 }, minItems: 1 },
    ],
    description: 'The HTTP status (or list of statuses) that counts as ready with `url`.',
    default: 200,
  }),
  validate_certs: bool(
    "Verify the server's certificate with `url`. Off by default: a server whose certificate expired still counts as up.",
    false,
  ),
  timeout: int('Seconds to wait before failing.', { default: 300 }),
  connect_timeout: int('Seconds to wait for one connection attempt.', { minimum: 1, default: 5 }),
  delay: int('Seconds to wait before the first check.', { default: 0 }),
  sleep: int('Seconds between checks.', { minimum: 1, default: 1 }),
  msg: str('The failure message when the timeout is reached, instead of the default one.'),
});

/** The arguments of `wait_for`, defaults applied. */
export type WaitForArgs = StepArgs<typeof schema>;

/** Waits for a TCP port, a file, or an HTTP(S) URL, checked from the host. */
export const waitForStep: StepDefinition = {
  name: 'wait_for',
  summary: 'Wait for a port, a file or a URL to be ready (or gone)',
  description:
    'Waits, from the host, until one condition holds, checking every `sleep` seconds after an initial `delay`, and fails after `timeout` seconds; the last check is at the timeout itself (a `sleep` longer than what is left is cut short). ' +
    'With `port`: `started` waits for a TCP connection to `host:port` to succeed, `stopped` for it to be refused, `drained` for no active connection. ' +
    'With `path`: `present`/`started` waits for the file to exist (and to contain `search_regex` when given), `absent`/`stopped` for it to be gone. ' +
    'With `url`: waits for an HTTP(S) answer with one of `status_code` (and a body matching `search_regex`); certificates are not verified unless ' +
    '`validate_certs`, because the point is usually to see a server come back while its certificate is being replaced. ' +
    'With none of the three, it just sleeps `timeout` seconds.',
  schema,
  conflicts: [['port', 'path', 'url']],
  argumentHints: {
    exclude_hosts: 'not supported; `drained` counts every connection',
    active_connection_states: 'not supported; `drained` counts established connections',
  },
  checkMode: 'Runs as usual: waiting changes nothing.',
  changed: 'Never.',
  returns: {
    elapsed: 'seconds waited',
    state: 'the state that was reached',
    status: 'the HTTP status of the last answer, with `url`',
    match_groups: 'the groups matched by `search_regex`',
    match_groupdict: 'the named groups matched by `search_regex`',
  },
  examples: [
    {
      title: 'Wait for the API server to answer after a restart, whatever its certificate',
      yaml: '- name: API server is back\n  wait_for:\n    url: https://127.0.0.1:6443/ping\n    status_code: [200, 401]\n    timeout: 120\n',
    },
    {
      title: 'Wait for k3s to re-issue the serving certificate',
      yaml: '- name: dynamic-cert.json is back\n  wait_for:\n    path: "{{ k3s_data_dir }}/server/tls/dynamic-cert.json"\n    state: present\n    timeout: 180\n',
    },
  ],
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./wait-for/wait-for-run.js')).runWaitFor(withDefaults(schema, rawArgs), ctx),
};
