/**
 * Small builders for step argument schemas, so every step file reads as a list of arguments
 * with their meaning rather than as JSON Schema boilerplate. Everything built here is plain
 * draft-07 JSON Schema plus two annotation keywords of ours (see `src/validate/ajv.ts`):
 * `sensitive` (the value is redacted everywhere) and `errorHint` (the hint shown when the value
 * has the wrong type or shape).
 *
 * The builders are typed with TypeBox, so a step's argument type is derived from its schema
 * (`StepArgs<typeof schema>`) and the two cannot drift: an argument with a `default` is always
 * there when `run` sees it, one in `required` too, every other one is optional.
 */
import type { Static, TArray, TBoolean, TInteger, TSchema, TString, TUnsafe } from '@sinclair/typebox';
import type { JsonSchema } from '../validate/json-schema.js';
import { Type } from './typebox-builders.js';

/** Optional extras for a property: a default, a hint, sensitivity, any other schema keyword. */
export type Extra = JsonSchema;

/** The TypeScript type of one argument's schema (`unknown` for an untyped plain JSON Schema). */
export type ValueOf<S> = S extends TSchema ? Static<S> : unknown;

/** The arguments that have a schema `default`. */
type DefaultedKeys<P> = { [K in keyof P]: P[K] extends { default: unknown } ? K : never }[keyof P];

/** `{ a: 1 } & { b?: 2 }` shown as one object type. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** Arguments as written in a playbook: the required ones present, every other one optional. */
export type GivenArgs<P, R extends PropertyKey> = Flat<
  { [K in R & keyof P]: ValueOf<P[K]> } & { [K in Exclude<keyof P, R>]?: ValueOf<P[K]> }
>;

/** The schema of a step's arguments (built by `args`), carrying their TypeScript type. */
export interface ArgsSchema<P extends Record<string, JsonSchema> = Record<string, JsonSchema>, R extends string = string> extends TSchema {
  type: 'object';
  properties: P;
  additionalProperties: false;
  required?: R[];
  static: GivenArgs<P, R>;
}

/**
 * A step's arguments as its `run` sees them: validated, with every default filled in
 * (`withDefaults`). Declare it beside the schema: `export type StatArgs = StepArgs<typeof schema>`.
 */
export type StepArgs<S> =
  S extends ArgsSchema<infer P, infer R>
    ? Flat<{ [K in (R | DefaultedKeys<P>) & keyof P]: ValueOf<P[K]> } & { [K in Exclude<keyof P, R | DefaultedKeys<P>>]?: ValueOf<P[K]> }>
    : never;

/** A schema with `default` set: the argument is always there when `run` sees it. */
type WithDefault<T extends TSchema> = T & { default: Static<T> };

/** A string argument. */
export function str<E extends Extra = Record<never, never>>(description: string, extra?: E): TString & E {
  return Type.String({ description, ...extra }) as TString & E;
}

/** A boolean argument; give its default when it has one. */
export function bool(description: string): TBoolean;
export function bool(description: string, defaultValue: boolean): WithDefault<TBoolean>;
export function bool(description: string, defaultValue?: boolean): TBoolean {
  return Type.Boolean(defaultValue === undefined ? { description } : { description, default: defaultValue });
}

/** An integer argument (≥ 0 unless `extra` says otherwise). */
export function int<E extends Extra = Record<never, never>>(description: string, extra?: E): TInteger & E {
  return Type.Integer({ minimum: 0, description, ...extra }) as TInteger & E;
}

/** A string argument restricted to `choices`. */
export function choice<const C extends readonly string[]>(choices: C, description: string): TUnsafe<C[number]>;
export function choice<const C extends readonly string[]>(
  choices: C,
  description: string,
  defaultValue: C[number],
): WithDefault<TUnsafe<C[number]>>;
export function choice<const C extends readonly string[]>(choices: C, description: string, defaultValue?: C[number]): TUnsafe<C[number]> {
  const schema: JsonSchema = { type: 'string', enum: [...choices], description };
  if (defaultValue !== undefined) schema.default = defaultValue;
  return Type.Unsafe<C[number]>(schema);
}

/** A list of strings. */
export function strList<E extends Extra = Record<never, never>>(description: string, extra?: E): TArray<TString> & E {
  return Type.Array(Type.String(), { description, ...extra }) as TArray<TString> & E;
}

/** One string or a list of them (Ansible accepts both almost everywhere a list is expected). */
export function strOrList<E extends Extra = Record<never, never>>(description: string, extra?: E): TUnsafe<string | string[]> & E {
  return Type.Unsafe<string | string[]>({
    anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
    description,
    ...extra,
  }) as TUnsafe<string | string[]> & E;
}

/**
 * Any other argument: its JSON Schema written out, with the TypeScript type it validates to
 * (`typed<Record<string, string>>({ type: 'object', … })`). The schema is kept exactly as given.
 */
export function typed<T>(schema: JsonSchema & { default: T }): WithDefault<TUnsafe<T>>;
export function typed<T>(schema: JsonSchema): TUnsafe<T>;
export function typed<T>(schema: JsonSchema): TUnsafe<T> {
  return Type.Unsafe<T>(schema);
}

/**
 * The argument mapping of a step: only the listed properties (a typo is an error, not a silently
 * ignored option), with `required` when any are. Its type says which arguments there are and of
 * what type (see `StepArgs`).
 */
export function args<P extends Record<string, JsonSchema>, const R extends keyof P & string = never>(
  properties: P,
  required: readonly R[] = [],
): ArgsSchema<P, R> {
  const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
  if (required.length > 0) schema.required = [...required];
  return Type.Unsafe(schema) as unknown as ArgsSchema<P, R>;
}

/** An ISO 8601 date or date-time (no anchors), as accepted by `at` and `valid_at`. */
const ISO_MOMENT = '\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?';

/** An ISO 8601 date or date-time, for "judge as of" arguments. */
export const ISO_MOMENT_PATTERN = `^${ISO_MOMENT}$`;

/** Names usable as variables, facts, table names: what Jinja can reference without quoting. */
export const IDENTIFIER_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

/**
 * A file mode: an octal string (`'0644'`, `'644'`, `'01777'`) or a symbolic one (`u=rw,g=r,o=`).
 * Never an integer: YAML reads a bare `644` as the decimal number 644 (mode 01204) and, in
 * YAML 1.1, `0644` as 420, which is Ansible's most famous footgun.
 */
export function fileMode<E extends Extra = Record<never, never>>(description: string, extra?: E): TString & E {
  return Type.String({
    pattern: '^(0?[0-7]{3,4}|[ugoa]*[-+=][rwxXst]*(,[ugoa]*[-+=][rwxXst]*)*)$',
    description,
    errorHint:
      "write a quoted octal mode such as `mode: '0644'`, or a symbolic one such as `u=rw,g=r,o=`; YAML reads a bare 644 as the decimal number 644 (mode 01204) and 0644 as the number 420",
    ...extra,
  }) as TString & E;
}

/** The owner and group arguments shared by every step that writes files. */
export const OWNERSHIP = {
  owner: str('The user that should own the file, by name or numeric id. Unchanged when omitted.'),
  group: str('The group that should own the file, by name or numeric id. Unchanged when omitted.'),
};

/**
 * The arguments of the steps that edit a file in place (`lineinfile`, `blockinfile`): how the
 * changed text is written, as `copy` writes it.
 */
export const EDITED_FILE_ARGS = {
  backup: bool('Before changing the file, keep the old one beside it as `path.<timestamp>~`.', false),
  mode: fileMode(
    "Permissions of the file, as a quoted octal string ('0600') or symbolic. Unchanged (0644 minus the umask for a new file) when omitted.",
  ),
  ...OWNERSHIP,
  validate: str(
    'A command run on the new file before it replaces the old one; `%s` stands for its path. A non-zero exit fails the task and leaves the file alone.',
    {
      pattern: '%s',
      errorHint: 'put `%s` where the path of the file to check goes, e.g. `sshd -t -f %s`',
    },
  ),
};

/** How `copy` and `template` replace `dest`: a backup first, only when it differs, after a check. */
export const REPLACED_DEST_ARGS = {
  backup: bool('Before overwriting, keep the old file beside it as `dest.<timestamp>~`.', false),
  force: bool('Replace `dest` when its contents differ. With false, an existing `dest` is never touched.', true),
  validate: str(
    'A command run on the new file before it replaces `dest`; `%s` stands for its path, e.g. `nginx -t -c %s`. A non-zero exit fails the task and leaves `dest` alone.',
    {
      pattern: '%s',
      errorHint: 'put `%s` where the path of the file to check goes, e.g. `visudo -cf %s`',
    },
  ),
};

/** What `copy` and `template` (which writes through copy) register. */
export const WRITTEN_FILE_RETURNS: Record<string, string> = {
  dest: 'the file written',
  checksum: 'SHA-1 of the contents now',
  size: 'size in bytes',
  mode: 'permissions now, as an octal string',
  owner: 'owner name now',
  group: 'group name now',
  backup_file: 'where the old file was kept, when `backup` made one',
};

/**
 * The three arguments that gate and shape a command's run, shared by `command` and `shell`.
 * `stdin` and the `env` values are sensitive: they are how secrets are usually handed to a
 * program, so they are redacted in every report.
 */
export const COMMAND_OPTIONS = {
  chdir: str('Change into this directory before running the command.'),
  creates: str(
    'A path on the host. When it already exists the command is not run and the task is ok: the usual way to make a one-off command idempotent.',
  ),
  removes: str('A path on the host. When it does not exist the command is not run and the task is ok.'),
  stdin: str("Text written to the command's standard input: the usual way to hand a program a secret.", { sensitive: true }),
  stdin_add_newline: bool('Append a newline to `stdin`.', true),
  env: typed<Record<string, string | number | boolean>>({
    type: 'object',
    propertyNames: {
      pattern: IDENTIFIER_PATTERN,
      errorHint: 'an environment variable name is letters, digits and `_`, not starting with a digit',
    },
    additionalProperties: { type: ['string', 'number', 'boolean'], sensitive: true },
    description: 'Extra environment variables for this command only, name → value.',
  }),
  strip_empty_ends: bool('Remove empty lines at the end of stdout and stderr, as Ansible does.', true),
};

/**
 * When to judge validity, name → moment: relative to now (`+90d`, `-1w`, `+2w3d`, units s m h d
 * w) or absolute (`2026-01-31`, `2026-01-31T12:00:00Z`). Shared by `x509_info` and `tls_probe`.
 */
export const VALID_AT = typed<Record<string, string>>({
  type: 'object',
  propertyNames: { pattern: IDENTIFIER_PATTERN, errorHint: 'a moment name is letters, digits and `_`, not starting with a digit' },
  additionalProperties: {
    type: 'string',
    pattern: `^([+-](\\d+[smhdw])+|${ISO_MOMENT})$`,
    errorHint: 'write a relative moment such as `+90d` or an ISO date such as `2026-01-31`',
  },
  description:
    'Name → moment; the result says, for each name, whether each certificate is valid then. A moment is relative to now (`+90d`, `-1w`, `+2w3d`; units s, m, h, d, w) or an ISO date (`2026-01-31`, `2026-01-31T12:00:00Z`), as in community.crypto.x509_certificate_info.',
  errorHint: 'write a mapping of names to moments, e.g. `{ renewal_window: +90d }`',
});

/** "Judge as of": replaces now for `expired`, `days_left` and relative `valid_at` moments. */
export const JUDGED_AT = str(
  'Judge `expired`, `days_left` and relative `valid_at` moments as of this ISO date or date-time instead of now, for planning.',
  {
    pattern: ISO_MOMENT_PATTERN,
    errorHint: 'write an ISO date such as `2026-01-31` or a date-time such as `2026-01-31T12:00:00Z`',
  },
);

/** Days before expiry that make `status` WARNING. Shared by the certificate steps. */
export const WARN_DAYS = int(
  'Days before expiry that make `status` WARNING: 90 is the window in which k3s renews its leaf certificates at start-up (120 since the May 2025 releases).',
  {
    maximum: 36500,
    default: 90,
    errorHint: 'write a whole number of days, e.g. 90 or 120',
  },
);

/** What x509_info and tls_probe register for each certificate. */
export const CERTIFICATE_FIELDS: Record<string, string> = {
  subject: 'the subject as `CN=…, O=…`',
  common_name: "the subject's CN",
  issuer: 'the issuer as `CN=…, O=…`',
  subject_alt_name: 'the SANs as `DNS:name` / `IP:address` strings',
  serial_number: 'the serial number in hex',
  not_before: 'start of validity, ISO 8601 UTC',
  not_after: 'end of validity, ISO 8601 UTC',
  expired: 'true when `not_after` is before the moment judged (now, or `at`)',
  days_left: 'whole days from the moment judged to `not_after` (negative once expired)',
  is_ca: 'true for a CA certificate (basicConstraints CA:TRUE)',
  fingerprint_sha256: 'SHA-256 fingerprint, colon-separated hex, as `openssl x509 -fingerprint -sha256` prints it',
  valid_at: 'for each name given in `valid_at`, true when the certificate is valid at that moment',
  subject_fields: 'the subject by attribute type, each a list of values (`{CN: [k3s], O: [k3s]}`)',
  issuer_fields: 'the issuer by attribute type, each a list of values',
  status:
    '`OK`, `WARNING` (within `warn_days` of expiry, 90 by default), `EXPIRED` or `NOT YET VALID`, as `k3s certificate check` says them',
  public_key_algorithm: '`ecdsa`, `rsa` or `ed25519`',
  public_key_size: 'key size in bits (256 for P-256 and Ed25519)',
  public_key_curve: 'the named curve of an ECDSA key (`P-256`), else null',
  signature_algorithm: 'the signature algorithm, as openssl names it (`ecdsa-with-SHA256`)',
  fingerprint_sha1: 'SHA-1 fingerprint, colon-separated upper-case hex, as `openssl x509 -fingerprint` prints it',
};

/** What `command` and `shell` register, Ansible-shaped; `cmd` says what was run. */
export function commandReturns(cmd: string): Record<string, string> {
  return {
    rc: 'exit code',
    stdout: 'standard output, as text (never templated again)',
    stderr: 'standard error, as text',
    stdout_lines: '`stdout` split into lines',
    stderr_lines: '`stderr` split into lines',
    cmd,
    start: 'when it started, as Ansible writes it (`YYYY-MM-DD HH:MM:SS.ffffff`, UTC)',
    end: 'when it ended, in the same form',
    delta: 'how long it ran, as `H:MM:SS.ffffff`',
  };
}
