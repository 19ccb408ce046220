import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConnectionIssue, checkConnectionVar, connectionSettings } from '../../src/inventory/connection-vars.js';
import { loadTree, where } from './temp-inventory.js';

describe('connectionSettings', () => {
  it('has Ansible defaults', () => {
    assert.deepEqual(connectionSettings({}, { hostName: 'web1' }), {
      host: 'web1',
      connection: 'ssh',
      become: false,
      becomeMethod: 'sudo',
      becomeUser: 'root',
    });
  });

  it('reads every supported variable', () => {
    const settings = connectionSettings(
      {
        ansible_host: '10.0.0.1',
        ansible_port: '2222',
        ansible_user: 'deploy',
        ansible_ssh_private_key_file: '~/.ssh/id',
        ansible_password: 1234,
        ansible_connection: 'smart',
        ansible_become: 'yes',
        ansible_become_method: 'su',
        ansible_become_user: 'postgres',
        ansible_become_pass: 'pw',
        ansible_become_flags: '-l',
        ansible_ssh_common_args: '-o ProxyJump=b',
        ansible_ssh_extra_args: '-v',
        ansible_host_key_checking: false,
        ansible_ssh_timeout: 30,
        ansible_python_interpreter: '/usr/bin/python3',
      },
      { hostName: 'db' },
    );
    assert.deepEqual(settings, {
      host: '10.0.0.1',
      port: 2222,
      user: 'deploy',
      privateKeyFile: '~/.ssh/id',
      password: '1234',
      connection: 'ssh',
      become: true,
      becomeMethod: 'su',
      becomeUser: 'postgres',
      becomePassword: 'pw',
      becomeFlags: '-l',
      sshCommonArgs: '-o ProxyJump=b',
      sshExtraArgs: '-v',
      hostKeyChecking: 'off',
      timeoutSeconds: 30,
    });
  });

  it('lets the later Ansible alias win, as its config manager does', () => {
    const s = connectionSettings({
      ansible_host: 'a',
      ansible_ssh_host: 'b',
      ansible_password: 'p1',
      ansible_ssh_pass: 'p2',
      ansible_become_password: 'x',
      ansible_become_pass: 'y',
    });
    assert.equal(s.host, 'b');
    assert.equal(s.password, 'p2');
    assert.equal(s.becomePassword, 'y');
  });

  it('accepts Ansible boolean words and local connections', () => {
    for (const word of ['yes', 'On', 'TRUE', 't', 'y', '1', 1, true])
      assert.equal(connectionSettings({ ansible_become: word }).become, true, String(word));
    for (const word of ['no', 'Off', 'false', 'f', 'n', '0', 0, false])
      assert.equal(connectionSettings({ ansible_become: word }).become, false, String(word));
    assert.equal(connectionSettings({ ansible_connection: 'local' }).connection, 'local');
    assert.equal(connectionSettings({ ansible_host_key_checking: 'accept-new' }).hostKeyChecking, 'accept-new');
  });

  it('reports wrong values without the value and leaves them out', () => {
    const issues: ConnectionIssue[] = [];
    const s = connectionSettings(
      { ansible_port: 'ssh', ansible_become: 'maybe', ansible_become_password: ['s3cret'], ansible_connection: 'winrm' },
      { hostName: 'h', issues },
    );
    assert.equal(s.port, undefined);
    assert.equal(s.become, false);
    assert.equal(s.connection, 'ssh');
    assert.deepEqual(issues.map((i) => `${i.varName}:${i.code}`).sort(), [
      'ansible_become:INVALID_VALUE',
      'ansible_become_password:WRONG_TYPE',
      'ansible_connection:INVALID_VALUE',
      'ansible_port:WRONG_TYPE',
    ]);
    assert.ok(issues.every((i) => !i.message.includes('s3cret')));
  });

  it('does not check templated values at load time', () => {
    assert.equal(checkConnectionVar('ansible_port', '{{ port }}'), undefined);
    assert.equal(checkConnectionVar('ansible_port', 70000)?.code, 'INVALID_VALUE');
    assert.equal(checkConnectionVar('ansible_become_method', 'sudp')?.hint, 'did you mean `sudo`?');
    assert.equal(checkConnectionVar('not_a_connection_var', []), undefined);
  });
});

describe('connection variables at load time', () => {
  it('are problems at the line that sets them, once per place', () => {
    const { problems } = loadTree({
      'hosts.yml':
        'all:\n  children:\n    web:\n      hosts:\n        w1:\n        w2:\n        w3:\n          ansible_user: [a]\n      vars:\n        ansible_port: "{{ p }}"\n',
      'group_vars/web.yml': 'ansible_become: perhaps\nansible_host: 10.0.0.9\n',
    });
    assert.deepEqual(where(problems), ['INVALID_VALUE@1:1', 'WRONG_TYPE@8:11']);
  });
});
