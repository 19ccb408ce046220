/**
 * The JSON Schema of a YAML inventory, for editors (completion, hover text, red squiggles).
 * It describes the shape the loader accepts and types the connection variables; the loader
 * itself does not validate with it, because its own checks give positioned, hinted problems
 * and know Ansible's lenient corners (a string where a section mapping belongs).
 */
import { CONNECTION_VARIABLES, type ConnectionVarKind } from './connection-vars.js';

const TEMPLATED = { type: 'string', pattern: '\\{\\{|\\{%', description: 'a template, checked when the play runs' } as const;
const INTEGER_TEXT = { type: 'string', pattern: '^\\s*[+-]?\\d+(_\\d+)*\\s*$' } as const;
// Ansible's boolean() words, in any case (JSON Schema patterns take no flags).
const BOOLEAN_TEXT = {
  type: 'string',
  pattern: '^\\s*([yY]([eE][sS])?|[oO][nN]|1|[tT]([rR][uU][eE])?|[nN][oO]?|[oO][fF][fF]|0|[fF]([aA][lL][sS][eE])?)\\s*$',
} as const;

const DESCRIPTIONS: Record<string, string> = {
  ansible_host: 'Address to connect to, when it differs from the inventory name.',
  ansible_ssh_host: 'Older name of ansible_host (wins over it when both are set).',
  ansible_port: 'SSH port (default 22).',
  ansible_ssh_port: 'Older name of ansible_port (wins over it when both are set).',
  ansible_user: 'User to log in as.',
  ansible_ssh_user: 'Older name of ansible_user (wins over it when both are set).',
  ansible_password: 'SSH password. Prefer keys; never commit a password in an inventory.',
  ansible_ssh_pass: 'Another name for ansible_password.',
  ansible_ssh_password: 'Another name for ansible_password.',
  ansible_private_key_file: 'Private key to log in with.',
  ansible_ssh_private_key_file: 'Private key to log in with.',
  ansible_connection: '`ssh` (default) or `local` (run on the controller).',
  ansible_become: 'Run tasks as another user (sudo or su).',
  ansible_become_method: '`sudo` (default) or `su`.',
  ansible_become_user: 'User to become (default root).',
  ansible_become_password: 'Password for sudo/su. Never commit it in an inventory.',
  ansible_become_pass: 'Another name for ansible_become_password.',
  ansible_become_flags: 'Extra words for sudo or su.',
  ansible_ssh_common_args: 'Extra arguments for ssh (ProxyJump, options).',
  ansible_ssh_extra_args: 'Extra arguments for ssh.',
  ansible_host_key_checking: 'Check host keys against known_hosts: true (strict), false (off), or `accept-new`.',
  ansible_ssh_host_key_checking: 'Another name for ansible_host_key_checking.',
  ansible_ssh_timeout: 'Seconds to wait for the connection.',
  ansible_python_interpreter: 'Accepted for Ansible compatibility and ignored: certbook runs no Python on hosts.',
};

function kindSchema(kind: ConnectionVarKind): Record<string, unknown> {
  switch (kind) {
    case 'string':
      return { type: 'string' };
    case 'secret':
      return { type: ['string', 'number'] };
    case 'port':
      return { anyOf: [{ type: 'integer', minimum: 1, maximum: 65535 }, INTEGER_TEXT, TEMPLATED] };
    case 'seconds':
      return { anyOf: [{ type: 'integer', minimum: 1 }, INTEGER_TEXT, TEMPLATED] };
    case 'boolean':
      return { anyOf: [{ type: 'boolean' }, { enum: [0, 1] }, BOOLEAN_TEXT, TEMPLATED] };
    case 'connection':
      return { anyOf: [{ enum: ['ssh', 'local', 'smart', 'paramiko'] }, TEMPLATED] };
    case 'becomeMethod':
      return { anyOf: [{ enum: ['sudo', 'su'] }, TEMPLATED] };
    case 'hostKeyChecking':
      return { anyOf: [{ type: 'boolean' }, { enum: ['strict', 'accept-new', 'off', 'yes', 'no', 'true', 'false'] }, TEMPLATED] };
    case 'any':
      return {};
  }
}

function connectionProperties(): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(CONNECTION_VARIABLES)) {
    props[name] = { ...kindSchema(kind), description: DESCRIPTIONS[name] ?? name };
  }
  return props;
}

/** JSON Schema (draft-07) of a certbook/Ansible YAML inventory file. */
export const INVENTORY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'certbook inventory',
  description:
    'An Ansible-compatible YAML inventory: top-level keys are groups (start with `all`); each group has `hosts`, `children` and `vars`.',
  type: 'object',
  minProperties: 1,
  properties: { all: { $ref: '#/definitions/group', description: 'The group every host is in; its vars apply to all hosts.' } },
  not: { anyOf: [{ required: ['plugin'] }, { required: ['_meta'] }] },
  additionalProperties: { $ref: '#/definitions/group' },
  definitions: {
    group: {
      type: ['object', 'null'],
      description: 'A group of hosts.',
      properties: {
        hosts: {
          description:
            'Hosts in this group, as keys (`web1:`); a key may be a range (`web[01:10]`) or carry a port (`web1:2222`). Under each host, its variables.',
          anyOf: [
            { type: 'string' },
            { type: ['object', 'null'], additionalProperties: { anyOf: [{ type: 'null' }, { $ref: '#/definitions/vars' }] } },
          ],
        },
        children: {
          description: "Child groups; their hosts are also in this group, and their vars override this group's.",
          anyOf: [{ type: 'string' }, { type: ['object', 'null'], additionalProperties: { $ref: '#/definitions/group' } }],
        },
        vars: { description: 'Variables for every host in this group.', anyOf: [{ type: 'string' }, { $ref: '#/definitions/groupVars' }] },
      },
      additionalProperties: false,
    },
    vars: {
      type: 'object',
      description: 'Variables: any names, with the connection variables typed.',
      properties: connectionProperties(),
    },
    groupVars: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          allOf: [{ $ref: '#/definitions/vars' }],
          properties: {
            ansible_group_priority: {
              description: 'Among groups of the same depth, the group with the higher priority wins a variable conflict (default 1).',
              anyOf: [{ type: 'integer' }, INTEGER_TEXT],
            },
          },
        },
      ],
    },
  },
} as const;
