/**
 * Connection variables (`ansible_host`, `ansible_port`, `ansible_user`, `ansible_become`, …)
 * are ordinary inventory variables; this module reads them into typed settings. Where Ansible
 * accepts several names for one setting (`ansible_password`, `ansible_ssh_pass`,
 * `ansible_ssh_password`), the last name in Ansible's list that is set wins, as in its config
 * manager. Booleans accept what Ansible's `boolean()` accepts (`yes`, `on`, `1`, `true`, …).
 */
import { closest } from '../errors/suggest.js';
import { isPyNumber, PyFloat, plainNumber } from '../python/py-number.js';
import { parsePythonInt } from '../python/python-text.js';

/** What a connection variable must hold. */
export type ConnectionVarKind =
  | 'string'
  | 'secret'
  | 'port'
  | 'boolean'
  | 'connection'
  | 'becomeMethod'
  | 'hostKeyChecking'
  | 'seconds'
  | 'any';

/** Every connection variable certbook understands, with its kind. */
export const CONNECTION_VARIABLES: Readonly<Record<string, ConnectionVarKind>> = {
  ansible_host: 'string',
  ansible_ssh_host: 'string',
  ansible_port: 'port',
  ansible_ssh_port: 'port',
  ansible_user: 'string',
  ansible_ssh_user: 'string',
  ansible_password: 'secret',
  ansible_ssh_pass: 'secret',
  ansible_ssh_password: 'secret',
  ansible_private_key_file: 'string',
  ansible_ssh_private_key_file: 'string',
  ansible_connection: 'connection',
  ansible_become: 'boolean',
  ansible_become_method: 'becomeMethod',
  ansible_become_user: 'string',
  ansible_become_password: 'secret',
  ansible_become_pass: 'secret',
  ansible_become_flags: 'string',
  ansible_ssh_common_args: 'string',
  ansible_ssh_extra_args: 'string',
  ansible_host_key_checking: 'hostKeyChecking',
  ansible_ssh_host_key_checking: 'hostKeyChecking',
  ansible_ssh_timeout: 'seconds',
  // Accepted so inventories written for Ansible load unchanged; certbook runs no Python.
  ansible_python_interpreter: 'any',
};

/** How to reach and act on one host, read from its variables. */
export interface ConnectionSettings {
  /** Address to connect to: `ansible_host`, else the inventory name. */
  host: string;
  port?: number;
  user?: string;
  privateKeyFile?: string;
  password?: string;
  connection: 'ssh' | 'local';
  become: boolean;
  becomeMethod: 'sudo' | 'su';
  /** Ansible's default is `root`. */
  becomeUser: string;
  becomePassword?: string;
  becomeFlags?: string;
  hostKeyChecking?: 'strict' | 'accept-new' | 'off';
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  timeoutSeconds?: number;
}

/** A connection variable with a value of the wrong type or out of range. Never holds the value. */
export interface ConnectionIssue {
  varName: string;
  code: 'WRONG_TYPE' | 'INVALID_VALUE';
  message: string;
  hint?: string;
}

const TRUE_WORDS = ['y', 'yes', 'on', '1', 'true', 't'];
const FALSE_WORDS = ['n', 'no', 'off', '0', 'false', 'f'];
const CONNECTIONS: Record<string, 'ssh' | 'local'> = {
  ssh: 'ssh',
  smart: 'ssh',
  paramiko: 'ssh',
  paramiko_ssh: 'ssh',
  'ansible.builtin.ssh': 'ssh',
  'ansible.builtin.paramiko_ssh': 'ssh',
  local: 'local',
  'ansible.builtin.local': 'local',
};
const BECOME_METHODS: Record<string, 'sudo' | 'su'> = {
  sudo: 'sudo',
  su: 'su',
  'ansible.builtin.sudo': 'sudo',
  'ansible.builtin.su': 'su',
};
const KEY_CHECKING = ['strict', 'accept-new', 'off'] as const;

type Checked = { ok: true; value: unknown } | { ok: false; code: ConnectionIssue['code']; message: string; hint?: string };

/** True for a value the runner will template before use (so its type is not known yet). */
export function isTemplated(value: unknown): boolean {
  return typeof value === 'string' && /\{\{|\{%/.test(value);
}

/** Checks one connection variable's value; `undefined` issues for unknown names and good values. */
export function checkConnectionVar(name: string, value: unknown): ConnectionIssue | undefined {
  const kind = CONNECTION_VARIABLES[name];
  if (!kind || value === null || value === undefined || isTemplated(value)) return undefined;
  const checked = coerce(kind, value);
  return checked.ok
    ? undefined
    : { varName: name, code: checked.code, message: `\`${name}\` ${checked.message}`, ...(checked.hint ? { hint: checked.hint } : {}) };
}

function coerce(kind: ConnectionVarKind, value: unknown): Checked {
  switch (kind) {
    case 'any':
      return { ok: true, value };
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : wrong('a string', value, 'quote the value');
    case 'secret':
      return typeof value === 'string' || isPyNumber(value)
        ? { ok: true, value: String(value) }
        : wrong('a string', value, 'quote the value');
    case 'port':
      return port(value);
    case 'seconds':
      return seconds(value);
    case 'boolean':
      return boolean(value);
    case 'connection':
      return choice(value, CONNECTIONS);
    case 'becomeMethod':
      return choice(value, BECOME_METHODS);
    case 'hostKeyChecking':
      return hostKeyChecking(value);
  }
}

function wrong(expected: string, value: unknown, hint?: string): Checked {
  const got = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
  return { ok: false, code: 'WRONG_TYPE', message: `must be ${expected}, got ${got}`, ...(hint ? { hint } : {}) };
}

function integer(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  // A whole float (`22.0`) or a big int from YAML: its value, which the range checks judge.
  if (value instanceof PyFloat || typeof value === 'bigint') return plainNumber(value) as number;
  return typeof value === 'string' ? parsePythonInt(value) : undefined;
}

function port(value: unknown): Checked {
  const n = integer(value);
  if (n === undefined) return wrong('a port number', value, 'use a whole number such as 22');
  if (n < 1 || n > 65535) return { ok: false, code: 'INVALID_VALUE', message: `must be a port number from 1 to 65535, got ${n}` };
  return { ok: true, value: n };
}

function seconds(value: unknown): Checked {
  const n = integer(value);
  if (n === undefined) return wrong('a whole number of seconds', value);
  return n > 0 ? { ok: true, value: n } : { ok: false, code: 'INVALID_VALUE', message: `must be a positive number of seconds, got ${n}` };
}

/** Ansible's `boolean()`: true/false, 1/0 and the words it knows, in any case. */
function boolean(value: unknown): Checked {
  if (typeof value === 'boolean') return { ok: true, value };
  if (value === 1 || value === 0) return { ok: true, value: value === 1 };
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.includes(word)) return { ok: true, value: true };
    if (FALSE_WORDS.includes(word)) return { ok: true, value: false };
  }
  return {
    ok: false,
    code: typeof value === 'string' ? 'INVALID_VALUE' : 'WRONG_TYPE',
    message: 'must be a boolean (true/false, yes/no)',
    hint: 'use true or false',
  };
}

function choice<T>(value: unknown, choices: Record<string, T>): Checked {
  if (typeof value !== 'string') return wrong('a string', value);
  if (Object.hasOwn(choices, value)) return { ok: true, value: choices[value] };
  const names = Object.keys(choices).filter((c) => !c.includes('.'));
  const near = closest(value, names);
  return {
    ok: false,
    code: 'INVALID_VALUE',
    message: `must be one of ${names.map((c) => `\`${c}\``).join(', ')}, got \`${value}\``,
    ...(near ? { hint: `did you mean \`${near}\`?` } : {}),
  };
}

function hostKeyChecking(value: unknown): Checked {
  if (typeof value === 'string' && (KEY_CHECKING as readonly string[]).includes(value)) return { ok: true, value };
  const b = boolean(value);
  if (b.ok) return { ok: true, value: b.value ? 'strict' : 'off' };
  return { ok: false, code: 'INVALID_VALUE', message: 'must be a boolean or one of `strict`, `accept-new`, `off`' };
}

/**
 * Reads a host's (templated) variables into connection settings. `hostName` is the address
 * used when `ansible_host` is not set (the inventory name). Values of the wrong type are left
 * out of the settings and described in `issues` when it is given.
 */
export function connectionSettings(
  vars: Readonly<Record<string, unknown>>,
  options: { hostName?: string; issues?: ConnectionIssue[] } = {},
): ConnectionSettings {
  const read = (...names: string[]): unknown => {
    let found: unknown;
    for (const name of names) {
      const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
      if (value === null || value === undefined) continue;
      const checked = coerce(CONNECTION_VARIABLES[name]!, value);
      if (checked.ok) found = checked.value;
      else
        options.issues?.push({
          varName: name,
          code: checked.code,
          message: `\`${name}\` ${checked.message}`,
          ...(checked.hint ? { hint: checked.hint } : {}),
        });
    }
    return found;
  };
  const name = options.hostName ?? (typeof vars.inventory_hostname === 'string' ? vars.inventory_hostname : 'localhost');
  const settings: ConnectionSettings = {
    host: (read('ansible_host', 'ansible_ssh_host') as string | undefined) ?? name,
    connection: (read('ansible_connection') as 'ssh' | 'local' | undefined) ?? 'ssh',
    become: (read('ansible_become') as boolean | undefined) ?? false,
    becomeMethod: (read('ansible_become_method') as 'sudo' | 'su' | undefined) ?? 'sudo',
    becomeUser: (read('ansible_become_user') as string | undefined) ?? 'root',
  };
  const optional: Array<[keyof ConnectionSettings, string[]]> = [
    ['port', ['ansible_port', 'ansible_ssh_port']],
    ['user', ['ansible_user', 'ansible_ssh_user']],
    ['privateKeyFile', ['ansible_private_key_file', 'ansible_ssh_private_key_file']],
    ['password', ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password']],
    ['becomePassword', ['ansible_become_password', 'ansible_become_pass']],
    ['becomeFlags', ['ansible_become_flags']],
    ['hostKeyChecking', ['ansible_host_key_checking', 'ansible_ssh_host_key_checking']],
    ['sshCommonArgs', ['ansible_ssh_common_args']],
    ['sshExtraArgs', ['ansible_ssh_extra_args']],
    ['timeoutSeconds', ['ansible_ssh_timeout']],
  ];
  for (const [key, names] of optional) {
    const value = read(...names);
    if (value !== undefined) (settings as unknown as Record<string, unknown>)[key] = value;
  }
  return settings;
}
