/** `uri`: an HTTP(S) request from the host or the controller, for health checks and APIs. */
import { withDefaults } from './host-ops/step-args.js';
import { args, bool, choice, type StepArgs, str, typed } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

const schema = args(
  {
    url: str('The URL, http:// or https://.', { pattern: '^https?://', errorHint: 'give a URL starting with http:// or https://' }),
    method: str('The HTTP method.', { default: 'GET', pattern: '^[A-Za-z]+$', errorHint: 'a method such as GET, POST, PUT, DELETE, HEAD' }),
    headers: typed<Record<string, string | number | boolean>>({
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean'], sensitive: true },
      description: 'Request headers, name → value. Values are redacted everywhere (an `Authorization` header is a secret).',
    }),
    body: typed<unknown>({
      description: 'The request body: text, or with `body_format: json`/`form-urlencoded` a mapping (or list) to encode.',
    }),
    body_format: choice(
      ['raw', 'json', 'form-urlencoded'],
      'How `body` is sent; `json` and `form-urlencoded` set `Content-Type` unless a header does.',
      'raw',
    ),
    status_code: typed<number | number[]>({
      anyOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' }, minItems: 1 }],
      description: 'The status (or list of statuses) that means success.',
      default: [200],
    }),
    return_content: bool('Register the body as `content` (a JSON answer is registered as `json` either way).', false),
    validate_certs: bool("Check the server's certificate (set false for a self-signed or expired one).", true),
    ca_path: str("A PEM file of CA certificates on the controller to trust instead of the system's."),
    timeout: typed<number>({
      type: 'integer',
      minimum: 1,
      description: 'Seconds the whole request (redirects included) may take.',
      default: 30,
    }),
    follow_redirects: choice(
      ['all', 'safe', 'none'],
      'Which redirects to follow: `safe` only those of GET and HEAD, `all`, or `none`.',
      'safe',
    ),
    from: choice(['host', 'controller'], 'Where the connection is opened: from the host (over SSH) or from the controller.', 'host'),
    url_username: str(
      'A user name for HTTP Basic authentication, sent when the server asks for it (a 401 asking for Basic), or at once with `force_basic_auth`.',
    ),
    url_password: str('The password for `url_username`. A secret: redacted everywhere, as is the header made from it.', {
      sensitive: true,
    }),
    force_basic_auth: bool('Send the Basic credentials with the first request, without waiting to be asked (many APIs never ask).', false),
    client_cert: str(
      "A PEM file on the host with the client certificate to present (it may hold the key too); read with the task's become.",
    ),
    client_key: str("A PEM file on the host with the key of `client_cert`; read with the task's become, never shown."),
    dest: str(
      "A file on the host to write the answer to (a directory: the answer's file name in it), as `copy` writes; sent with `If-Modified-Since` when it exists, and a 304 leaves it.",
    ),
    creates: str('A path on the host: when it exists, nothing is sent.'),
    removes: str('A path on the host: when it does not exist, nothing is sent.'),
  },
  ['url'],
);

/** The arguments of `uri`, defaults applied. */
export type UriArgs = StepArgs<typeof schema>;

/** Sends one HTTP(S) request and judges its status, as Ansible's uri. */
export const uriStep: StepDefinition = {
  name: 'uri',
  summary: 'Send an HTTP(S) request from the host or the controller',
  description:
    'Sends one request to `url` and fails unless the status is one of `status_code`. With `from: host` (the default) the TCP connection is ' +
    "opened from the host over SSH, so `https://127.0.0.1:6443/readyz` is the host's own API server; TLS and HTTP run on the controller, " +
    'so nothing (no curl, no wget) is needed on the host and no header or body appears in a process list there. `from: controller` sends it ' +
    "from the controller. Header values are secrets: redacted in every output and report. The answer is registered as Ansible's uri " +
    'registers it (`status`, `url`, `json`, `content`, each response header lower-cased with `_`) and is host data, never rendered. ' +
    "The paths `dest`, `creates`, `removes`, `client_cert` and `client_key` are on the host, where Ansible's module runs. " +
    'Differences from Ansible: `ca_path` is read on the controller; `dest` is changed only when its contents or attributes change (Ansible reports ' +
    'every download as a change) and takes answers up to 4 MiB; Digest authentication and `src` are not supported.',
  schema,
  aliases: { user: 'url_username', password: 'url_password' },
  argumentHints: {
    src: 'not supported: give the body with `body`',
  },
  checkMode: 'GET and HEAD requests are sent (they only read, and health checks should still answer); other methods are skipped.',
  changed: 'Only with `dest`, when the file was written.',
  returns: {
    status: 'the HTTP status (-1 when no answer came)',
    url: 'the URL finally answered (after redirects)',
    redirected: 'true when a redirect was followed',
    json: 'the parsed body, when the answer is JSON',
    content: 'the body as text, with `return_content`',
    content_type: 'the `Content-Type` header; every other response header likewise, lower-cased with `_` for `-`',
    path: 'with `dest`, the file written (or left as it was)',
    stdout: 'with `creates`/`removes`, why nothing was sent',
  },
  examples: [
    {
      title: 'Wait until the local API server is ready (its certificate may have just been rotated)',
      yaml: '- name: API server ready\n  uri:\n    url: https://127.0.0.1:6443/readyz\n    validate_certs: false\n    status_code: [200, 401]\n  register: readyz\n  until: readyz.status in [200, 401]\n  retries: 30\n  delay: 2\n',
    },
    {
      title: "Tell the team's chat, from the controller, with a token",
      yaml: '- name: Announce the rotation\n  uri:\n    url: https://chat.example.com/hooks/certbook\n    method: POST\n    from: controller\n    headers:\n      Authorization: "Bearer {{ chat_token }}"\n    body_format: json\n    body: {text: "certificates of {{ k3s_cluster_name }} rotated"}\n    status_code: [200, 204]\n  run_once: true\n',
    },
  ],
  // Imported on first use: loading and checking a playbook never needs the step's run code.
  run: async (rawArgs, ctx) => (await import('./uri/uri-run.js')).runUri(withDefaults(schema, rawArgs), ctx),
};
