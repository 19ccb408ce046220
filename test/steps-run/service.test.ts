import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { serviceStep } from '../../src/steps/service.js';
import type { StepResult } from '../../src/steps/step-run.js';
import type { TestContextOptions } from '../harness/step-context.js';
import { initScript, writeFakeInit } from './fake-init.js';
import { runStep, type StepFixture, startStepFixture } from './fixture.js';

let fx: StepFixture;
const base = join('/tmp', `certbook-fake-init-${process.pid}`);
const bin = join(base, 'bin');
const state = join(base, 'state');
const initName = `certbook-svc-${process.pid}`;

before(async () => {
  writeFakeInit(bin, state);
  fx = await startStepFixture({ extraConfig: [`SetEnv PATH=${bin}:/usr/bin:/bin`] });
});
after(async () => {
  await fx?.stop();
  rmSync(base, { recursive: true, force: true });
  rmSync(`/etc/init.d/${initName}`, { force: true });
  for (const rc of ['2', '3', '4', '5', '0', '1', '6']) {
    const dir = `/etc/rc${rc}.d`;
    if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith(initName)) rmSync(join(dir, f), { force: true });
  }
});
beforeEach(() => {
  for (const f of readdirSync(state)) rmSync(join(state, f), { force: true });
  writeFileSync(join(state, 'log'), '');
  chmodSync(join(state, 'log'), 0o666);
  for (const f of ['k3s.unit', 'k3s-agent.unit']) writeFileSync(join(state, f), '');
});

const service = (args: Record<string, unknown>, options: TestContextOptions = {}): Promise<StepResult> =>
  runStep(serviceStep, fx.host, args, options);
const running = (name = 'k3s'): boolean => existsSync(join(state, `${name}.running`));
const enabled = (name = 'k3s'): boolean => existsSync(join(state, `${name}.enabled`));
/** The calls that changed something (reads filtered out). */
const actions = (): string[] =>
  readFileSync(join(state, 'log'), 'utf8')
    .split('\n')
    .filter((l) => l && !/ (show|is-active|is-enabled|status|show-environment|--exists)( |$)/.test(l) && !/^rc-update show/.test(l));

test('systemd: started starts a stopped service once, and reports it', async () => {
  const r = await service({ name: 'k3s', state: 'started' });
  assert.equal(r.failed, undefined, r.msg);
  assert.equal(r.changed, true);
  assert.deepEqual(r.data, { name: 'k3s', state: 'started', enabled: false, manager: 'systemd' });
  assert.equal(running(), true);
  const again = await service({ name: 'k3s', state: 'started' });
  assert.equal(again.changed, false);
  assert.deepEqual(actions(), ['systemctl start k3s']);
});

test('systemd: stopped, restarted (always), reloaded (a stopped service is started)', async () => {
  // Written by the test (root) for the SSH user's fake systemctl to touch and remove.
  writeFileSync(join(state, 'k3s.running'), '', { mode: 0o666 });
  chmodSync(join(state, 'k3s.running'), 0o666);
  const first = await service({ name: 'k3s', state: 'restarted' });
  assert.equal(first.changed, true, first.msg);
  assert.equal((await service({ name: 'k3s', state: 'restarted' })).changed, true);
  assert.equal((await service({ name: 'k3s', state: 'reloaded' })).changed, true);
  const stop = await service({ name: 'k3s', state: 'stopped' });
  assert.equal(stop.data?.state, 'stopped');
  assert.equal((await service({ name: 'k3s', state: 'stopped' })).changed, false);
  assert.equal((await service({ name: 'k3s', state: 'reloaded' })).data?.state, 'started');
  assert.deepEqual(actions(), [
    'systemctl restart k3s',
    'systemctl restart k3s',
    'systemctl reload k3s',
    'systemctl stop k3s',
    'systemctl start k3s',
  ]);
});

test('systemd: enabled, alone and with a state', async () => {
  const r = await service({ name: 'k3s-agent', state: 'started', enabled: true });
  assert.equal(r.changed, true);
  assert.deepEqual(r.data, { name: 'k3s-agent', state: 'started', enabled: true, manager: 'systemd' });
  assert.equal(enabled('k3s-agent'), true);
  assert.equal((await service({ name: 'k3s-agent', enabled: true })).changed, false);
  const off = await service({ name: 'k3s-agent', enabled: false });
  assert.equal(off.changed, true);
  assert.equal(enabled('k3s-agent'), false);
  assert.equal(running('k3s-agent'), true, 'disabling does not stop it');
});

test('check mode queries and predicts, and acts on nothing', async () => {
  const r = await service({ name: 'k3s', state: 'started', enabled: true }, { check: true });
  assert.equal(r.changed, true);
  assert.deepEqual(r.data, { name: 'k3s', state: 'started', enabled: true, manager: 'systemd' });
  writeFileSync(join(state, 'k3s.running'), '');
  assert.equal((await service({ name: 'k3s', state: 'restarted' }, { check: true })).changed, true);
  assert.equal((await service({ name: 'k3s', state: 'started' }, { check: true })).changed, false);
  assert.deepEqual(actions(), []);
  assert.equal(enabled(), false);
});

test('a missing service, a failing start and a bad name are failed results', async () => {
  const missing = await service({ name: 'k3s-nope', state: 'started' });
  assert.equal(missing.failed, true);
  assert.match(String(missing.msg), /does not exist/);
  writeFileSync(join(state, 'k3s.broken'), '');
  const broken = await service({ name: 'k3s', state: 'started' });
  assert.equal(broken.failed, true);
  assert.match(String(broken.msg), /Job for k3s.service failed/);
  assert.equal(broken.changed, false, 'a failed start is not a change, as in Ansible');
  assert.equal((await service({ name: '-k3s', state: 'started' })).failed, true);
  assert.equal((await service({ name: '../../bin/sh', state: 'started' })).failed, true);
  const hostile = await service({ name: '$(touch PWNED)`touch PWNED`', state: 'started' });
  assert.equal(hostile.failed, true);
  assert.equal(readdirSync(state).includes('PWNED'), false);
});

test('OpenRC is used when systemd is installed but not running', async () => {
  writeFileSync(join(state, 'no-systemd'), '');
  const r = await service({ name: 'k3s', state: 'started', enabled: true });
  assert.equal(r.failed, undefined, r.msg);
  assert.deepEqual(r.data, { name: 'k3s', state: 'started', enabled: true, manager: 'openrc' });
  assert.equal(running() && enabled(), true);
  assert.equal((await service({ name: 'k3s', state: 'started', enabled: true })).changed, false);
  assert.equal((await service({ name: 'k3s', state: 'stopped', enabled: false })).changed, true);
  assert.deepEqual(actions(), ['rc-update add k3s default', 'rc-service k3s start', 'rc-update del k3s default', 'rc-service k3s stop']);
});

test('the service wrapper, detected when neither systemd nor OpenRC is there', async () => {
  writeFileSync(join(state, 'no-systemd'), '');
  renameSync(join(bin, 'rc-service'), join(bin, 'rc-service.off'));
  try {
    const r = await service({ name: 'k3s', state: 'started' });
    assert.equal(r.data?.manager, 'service');
    assert.equal(running(), true);
    assert.equal((await service({ name: 'k3s', state: 'started' })).changed, false);
    assert.equal((await service({ name: 'gone', state: 'started' })).failed, true);
  } finally {
    renameSync(join(bin, 'rc-service.off'), join(bin, 'rc-service'));
  }
  assert.deepEqual(actions(), ['service k3s start']);
});

test('SysV /etc/init.d scripts, and enabling them with the real update-rc.d', async () => {
  writeFileSync(`/etc/init.d/${initName}`, initScript(state, initName));
  chmodSync(`/etc/init.d/${initName}`, 0o755);
  const r = await service({ name: initName, state: 'started', manager: 'sysvinit' });
  assert.equal(r.failed, undefined, r.msg);
  assert.deepEqual(r.data, { name: initName, state: 'started', enabled: false, manager: 'sysvinit' });
  assert.equal((await service({ name: initName, state: 'started', manager: 'sysvinit' })).changed, false);
  symlinkSync(`../init.d/${initName}`, `/etc/rc3.d/S01${initName}`);
  assert.equal((await service({ name: initName, enabled: true, manager: 'sysvinit' })).changed, false);
  unlinkSync(`/etc/rc3.d/S01${initName}`);
  const on = await runStep(serviceStep, fx.sudoHost, { name: initName, enabled: true, manager: 'sysvinit' }, { become: fx.sudo });
  assert.equal(on.failed, undefined, on.msg);
  assert.equal(on.data?.enabled, true);
  assert.ok(readdirSync('/etc/rc2.d').some((f) => /^S\d\d/.test(f) && f.endsWith(initName)));
  assert.equal((await service({ name: initName, enabled: true, manager: 'sysvinit' })).changed, false);
});

test('daemon_reload runs systemctl daemon-reload first (not in check mode), alone or before a state; needs systemd', async () => {
  const alone = await service({ name: 'k3s', daemon_reload: true });
  assert.deepEqual([alone.failed, alone.changed, alone.msg], [undefined, false, 'daemon-reload run']);
  const withState = await service({ name: 'k3s', daemon_reload: true, state: 'started' });
  assert.equal(withState.changed, true);
  assert.deepEqual(actions(), ['systemctl daemon-reload ', 'systemctl daemon-reload ', 'systemctl start k3s']);
  writeFileSync(join(state, 'log'), '');
  const checked = await service({ name: 'k3s', daemon_reload: true }, { check: true });
  assert.deepEqual([checked.changed, checked.msg, actions()], [false, 'would run daemon-reload', []]);
  const openrc = await service({ name: 'k3s', daemon_reload: true, manager: 'openrc' });
  assert.match(openrc.msg ?? '', /needs systemd/);
  writeFileSync(join(state, 'no-systemd'), '');
  const notRunning = await service({ name: 'k3s', daemon_reload: true });
  assert.deepEqual([notRunning.failed, /not running/.test(notRunning.msg ?? '')], [true, true]);
});
