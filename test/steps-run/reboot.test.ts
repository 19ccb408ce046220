/**
 * `reboot` and `meta: reset_connection` over the real sshd. This machine cannot reboot, so a
 * reboot is played the way the controller sees one: `reboot_command` is a script that ends the
 * login (it kills the sshd process serving it) and, a moment later, writes a new boot id where
 * `boot_time_command` reads it. The step must take the dropped connection as success, log in
 * again, see the new boot id and run `test_command`; the task after it must run on a new login.
 * The failure messages asserted here are the ones ansible-playbook 2.14 gave against the same
 * fake host (a boot id that never changes, a command not found, a failing reboot command, a boot
 * id that cannot be read), and its check-mode result; where its ssh merges stdout and stderr
 * through a terminal, certbook keeps them apart.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { until } from '../simulator/runtime-helpers.js';
import { runTasks, type TasksRun } from './run-tasks.js';
import { writeSessionPidScript } from './session-pid.js';

let sshd: TestSshd;
let dir: string;
/** Where the fake host keeps its boot id and what happened to it; the login user writes here. */
let state: string;

/** A reboot: the login goes away now, and the host is back with a new boot id a second later. */
const FAKE_REBOOT = `#!/bin/sh
state=$(dirname "$0")
echo "reboot($#) $*" >> "$state/reboots"
session=$("$state/session-pid")
setsid sh -c "sleep 1; cat /proc/sys/kernel/random/uuid > '$state/boot_id'" </dev/null >/dev/null 2>&1 &
kill "$session"
`;

/** A "reboot" after which the host comes back as it was: the login goes away, the boot id stays. */
const NO_REBOOT = `#!/bin/sh
state=$(dirname "$0")
echo "reboot($#) $*" >> "$state/reboots"
kill "$("$state/session-pid")"
`;

before(async () => {
  sshd = await startSshd();
  dir = mkdtempSync(join(tmpdir(), 'certbook-reboot-'));
  state = join(dir, 'state');
  writeFileSync(
    join(dir, 'inv.yaml'),
    [
      'all:',
      '  hosts:',
      '    h1:',
      '      ansible_host: 127.0.0.1',
      `      ansible_port: ${sshd.port}`,
      `      ansible_user: ${sshd.user}`,
      `      ansible_ssh_private_key_file: ${sshd.keyFile}`,
      `      ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsFile}`,
      '    h2:',
      '      ansible_host: 127.0.0.1',
      `      ansible_port: ${sshd.port}`,
      `      ansible_user: ${sshd.sudoUser}`,
      `      ansible_become_password: ${JSON.stringify(sshd.password)}`,
      `      ansible_ssh_private_key_file: ${sshd.keyFile}`,
      `      ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsFile}`,
      '    here: {ansible_connection: local}',
      '',
    ].join('\n'),
  );
  chmodSync(dir, 0o755);
});
after(async () => {
  await sshd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  // A fresh fake host: scripts, a first boot id, and a directory the login user may write.
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state);
  chmodSync(state, 0o777);
  writeSessionPidScript(join(state, 'session-pid'));
  for (const [name, text] of [
    ['fake-reboot', FAKE_REBOOT],
    ['no-reboot', NO_REBOOT],
  ] as const) {
    writeFileSync(join(state, name), text);
    chmodSync(join(state, name), 0o755);
  }
  writeFileSync(join(state, 'boot_id'), 'first-boot\n');
  chmodSync(join(state, 'boot_id'), 0o666);
});

const run = (tasks: string[], args: string[] = [], hosts = 'h1'): Promise<TasksRun> => runTasks(dir, tasks, { hosts, args });

const reboots = (): string[] =>
  existsSync(join(state, 'reboots')) ? readFileSync(join(state, 'reboots'), 'utf8').split('\n').filter(Boolean) : [];
const alive = (pid: unknown): boolean => existsSync(`/proc/${String(pid)}`);

test('the connection drops under the reboot command; the step logs in again, sees the new boot id, runs test_command; later tasks use the new login', async () => {
  const r = await run([
    `- {name: before, shell: ${state}/session-pid}`,
    '- name: reboot',
    '  reboot:',
    `    reboot_command: ${state}/fake-reboot now please`,
    `    boot_time_command: cat ${state}/boot_id`,
    `    test_command: test -s ${state}/boot_id`,
    '    connect_timeout: 5',
    '    reboot_timeout: 60',
    '    post_reboot_delay: 1',
    `- {name: after, shell: ${state}/session-pid}`,
    `- {name: boot id, shell: cat ${state}/boot_id}`,
  ]);
  assert.equal(r.code, 0, r.out);
  const reboot = r.results.reboot!;
  assert.equal(reboot.status, 'changed');
  assert.equal(reboot.result.rebooted, true);
  assert.ok(
    typeof reboot.result.elapsed === 'number' && reboot.result.elapsed >= 1,
    `elapsed counts the post_reboot_delay: ${String(reboot.result.elapsed)}`,
  );
  assert.deepEqual(reboots(), ['reboot(2) now please'], 'reboot_command ran once, with its words as written');
  const before = r.results.before!.result.stdout;
  const afterPid = r.results.after!.result.stdout;
  assert.notEqual(afterPid, before, 'the task after the reboot runs on a new login');
  await until('the login the reboot ended to be gone', () => !alive(before), 5000);
  assert.notEqual(r.results['boot id']!.result.stdout, 'first-boot');
});

test('under become every command of the reboot runs as root: the boot id checks, the reboot command, test_command', async () => {
  const r = await run(
    [
      '- name: reboot',
      '  become: true',
      '  reboot:',
      `    reboot_command: ${state}/fake-reboot`,
      `    boot_time_command: id -u >> ${state}/uids; cat ${state}/boot_id`,
      '    test_command: test "$(id -u)" = 0',
      '    reboot_timeout: 60',
    ],
    [],
    'h2',
  );
  assert.equal(r.code, 0, r.out);
  assert.equal(r.results.reboot!.status, 'changed');
  const uids = new Set(readFileSync(join(state, 'uids'), 'utf8').split('\n').filter(Boolean));
  assert.deepEqual([...uids], ['0']);
  assert.equal(statSync(join(state, 'reboots')).uid, 0, 'the reboot command wrote its log as root');
});

test("a boot id that never changes times out with Ansible's message; the host stays reachable", async () => {
  const r = await run(
    [
      '- name: reboot',
      '  reboot:',
      `    reboot_command: ${state}/no-reboot`,
      `    boot_time_command: cat ${state}/boot_id`,
      '    reboot_timeout: 3',
      '- {name: still there, command: "true"}',
    ],
    [],
  );
  assert.equal(r.code, 2, r.out);
  const reboot = r.results.reboot!;
  assert.equal(reboot.status, 'failed');
  assert.equal(reboot.result.msg, 'Timed out waiting for last boot time check (timeout=3)');
  assert.equal(reboot.result.rebooted, true, 'the reboot command ran');
  assert.equal(reboot.result.changed, false);
  assert.deepEqual(reboots(), ['reboot(0) ']);
  assert.match(r.out, /h1 +: ok=0 +changed=0 +unreachable=0 +failed=1/);
});

test('the default command: shutdown found in search_paths, -r with pre_reboot_delay in minutes and msg quoted', async () => {
  const bin = join(state, 'sbin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'shutdown'), `#!/bin/sh\nexec ${state}/fake-reboot "$@"\n`);
  chmodSync(join(bin, 'shutdown'), 0o755);
  const r = await run([
    '- name: reboot',
    '  reboot:',
    `    search_paths: [${join(state, 'none')}, ${bin}]`,
    '    pre_reboot_delay: 90',
    '    msg: "it\'s $(time) for `updates`"',
    `    boot_time_command: cat ${state}/boot_id`,
    '    reboot_timeout: 60',
  ]);
  assert.equal(r.code, 0, r.out);
  assert.equal(r.results.reboot!.status, 'changed');
  assert.deepEqual(
    reboots(),
    ["reboot(3) -r 1 it's $(time) for `updates`"],
    'the message reaches shutdown as one word, never run by a shell',
  );
});

test('a reboot command that cannot be found, or fails, fails the task without waiting', async () => {
  const missing = await run([`- {name: reboot, reboot: {reboot_command: no-such-shutdown -r now, search_paths: ${join(state, 'empty')}}}`]);
  assert.equal(missing.results.reboot!.status, 'failed');
  assert.equal(
    missing.results.reboot!.result.msg,
    `Unable to find command "no-such-shutdown" in search paths: ['${join(state, 'empty')}']`,
  );
  const failing = await run(['- {name: reboot, reboot: {reboot_command: "/bin/sh -c \'echo out; echo err >&2; exit 3\'"}}']);
  assert.equal(failing.results.reboot!.status, 'failed');
  assert.equal(failing.results.reboot!.result.msg, "Reboot command failed. Error was: 'out, err'");
  assert.equal(failing.results.reboot!.result.rebooted, false);
  const noBootId = await run([`- {name: reboot, reboot: {boot_time_command: cat ${state}/missing}}`]);
  assert.match(
    String(noBootId.results.reboot!.result.msg),
    /^reboot: failed to get host boot time info, rc: 1, stdout: , stderr: cat: .*No such file/,
  );
  assert.deepEqual(reboots(), []);
});

test('check mode: changed and rebooted, nothing run; a local connection is refused', async () => {
  const checked = await run([`- {name: reboot, reboot: {reboot_command: ${state}/fake-reboot}}`], ['--check']);
  assert.equal(checked.code, 0, checked.out);
  assert.equal(checked.results.reboot!.status, 'changed');
  assert.deepEqual(
    { rebooted: checked.results.reboot!.result.rebooted, elapsed: checked.results.reboot!.result.elapsed },
    { rebooted: true, elapsed: 0 },
  );
  assert.deepEqual(reboots(), []);
  const local = await run([`- {name: reboot, reboot: {reboot_command: ${state}/fake-reboot}}`], [], 'here');
  assert.equal(local.results.reboot!.status, 'failed');
  assert.equal(local.results.reboot!.result.msg, 'Running reboot with local connection would reboot the control node.');
  assert.deepEqual(reboots(), []);
});

test('meta: reset_connection makes the next task log in again; without it one login serves the play', async () => {
  const r = await run([
    `- {name: one, shell: ${state}/session-pid}`,
    `- {name: two, shell: ${state}/session-pid}`,
    '- meta: reset_connection',
    `- {name: three, shell: ${state}/session-pid}`,
  ]);
  assert.equal(r.code, 0, r.out);
  const [one, two, three] = ['one', 'two', 'three'].map((n) => r.results[n]!.result.stdout);
  assert.equal(one, two);
  assert.notEqual(three, two);
  await until('the reset login to end', () => !alive(two), 5000);
});
