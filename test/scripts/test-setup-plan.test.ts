/**
 * The decisions of `npm test`'s setup step (scripts/test-setup.ts): what it installs, and when it
 * stops instead, naming the packages and the command.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  installCommand,
  kubernetesMinor,
  packagesFor,
  planInstall,
  planSetup,
  REQUIREMENTS,
  type RequirementId,
} from '../../scripts/test-setup/plan.js';

const ALL = Object.keys(REQUIREMENTS) as RequirementId[];

test('nothing missing as root: ready, nothing installed', () => {
  assert.deepEqual(planSetup({ root: true, aptGet: true, missing: [] }), { action: 'ready' });
  assert.deepEqual(planSetup({ root: true, aptGet: false, missing: [] }), { action: 'ready' });
});

test('a fresh machine (sudo, openssh-server, procps absent) as root: installs exactly those packages', () => {
  const plan = planSetup({ root: true, aptGet: true, missing: ['sshd', 'sudo', 'pgrep'] });
  assert.deepEqual(plan, { action: 'install', packages: ['openssh-server', 'sudo', 'procps'] });
});

test('each package is named once, in a fixed order, whatever order the facts come in', () => {
  assert.deepEqual(packagesFor(['kubectl', 'sudo', 'sshd', 'sudo']), ['openssh-server', 'sudo', 'kubernetes-client']);
  assert.deepEqual(packagesFor([...ALL].reverse()), packagesFor(ALL));
  assert.equal(new Set(packagesFor(ALL)).size, ALL.length);
});

test("the image and unit tests' tools are Debian packages too: buildah, mmdebstrap and systemd (systemd-analyze)", () => {
  assert.deepEqual(planSetup({ root: true, aptGet: true, missing: ['systemdAnalyze', 'mmdebstrap', 'buildah'] }), {
    action: 'install',
    packages: ['buildah', 'mmdebstrap', 'systemd'],
  });
});

test("missing kubectl is installed as Debian's kubernetes-client", () => {
  assert.deepEqual(planSetup({ root: true, aptGet: true, missing: ['kubectl'] }), { action: 'install', packages: ['kubernetes-client'] });
});

test("missing promtool is installed as Debian's prometheus package, which brings it", () => {
  assert.deepEqual(planSetup({ root: true, aptGet: true, missing: ['promtool'] }), { action: 'install', packages: ['prometheus'] });
  assert.deepEqual(packagesFor(['promtool', 'chromium']), ['chromium', 'prometheus']);
});

test('not root: stops (the tests need root even with every package there)', () => {
  const plan = planSetup({ root: false, aptGet: true, missing: [] });
  assert.equal(plan.action, 'stop');
  assert.equal(plan.action === 'stop' && plan.reasons.length, 1);
  assert.match(plan.action === 'stop' ? plan.reasons[0]! : '', /root/);
});

test('not root with packages missing: stops, naming each package and the command that installs them', () => {
  const plan = planSetup({ root: false, aptGet: true, missing: ['sudo', 'sshd'] });
  assert.equal(plan.action, 'stop');
  const text = plan.action === 'stop' ? plan.reasons.join('\n') : '';
  assert.match(text, /\bsudo\b/);
  assert.match(text, /\bopenssh-server\b/);
  assert.ok(text.includes(installCommand(['openssh-server', 'sudo'])), text);
});

test('root without apt-get: stops naming the packages to find, installs nothing', () => {
  const plan = planSetup({ root: true, aptGet: false, missing: ['openssl'] });
  assert.equal(plan.action, 'stop');
  assert.match(plan.action === 'stop' ? plan.reasons.join('\n') : '', /openssl/);
});

test('the install command updates the package lists first, then installs non-interactively', () => {
  assert.equal(installCommand(['sudo', 'procps']), 'apt-get update && apt-get install -y --no-install-recommends sudo procps');
});

test('after apt-get update: every package has a candidate (kubectl recent enough), so all are installed', () => {
  const versions: Record<string, string> = { sudo: '1.9.13p3-1+deb12u4', 'kubernetes-client': '1.32.3+ds-1' };
  assert.deepEqual(
    planInstall(['sudo', 'kubernetes-client'], (p) => versions[p]),
    { action: 'install', packages: ['sudo', 'kubernetes-client'] },
  );
});

test("after apt-get update: no candidate for kubectl's package stops the run with how to get kubectl", () => {
  const plan = planInstall(['sudo', 'kubernetes-client'], (p) => (p === 'sudo' ? '1.9' : undefined));
  assert.equal(plan.action, 'stop');
  const text = plan.action === 'stop' ? plan.reasons.join('\n') : '';
  assert.match(text, /kubernetes-client/);
  assert.match(text, /kubectl 1\.27/);
  assert.doesNotMatch(text, /\bsudo\b/);
});

test("after apt-get update: bookworm's kubernetes-client (really 1.20) is too old, and the run stops saying so", () => {
  const plan = planInstall(['kubernetes-client'], () => '1.20.5+really1.20.2-1.1+deb12u1');
  assert.equal(plan.action, 'stop');
  assert.match(plan.action === 'stop' ? plan.reasons.join('\n') : '', /1\.20\.5\+really1\.20\.2.*older/);
});

test('Debian kubernetes-client versions read as their real minor version', () => {
  assert.equal(kubernetesMinor('1.20.5+really1.20.2-1.1+deb12u1'), 20);
  assert.equal(kubernetesMinor('1.32.3+ds-1'), 32);
  assert.equal(kubernetesMinor('1:1.33.0-1'), 33);
  assert.equal(kubernetesMinor('(none)'), undefined);
});
