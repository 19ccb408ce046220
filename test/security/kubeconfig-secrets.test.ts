/**
 * A kubeconfig's secrets (the admin's client key, a token, a password), searched for in every
 * artifact of real runs over the real sshd that fetch and judge kubeconfigs: stdout and stderr in
 * the plain and json renderers at -vvvv, the report, the events, JUnit and metrics files. Neither
 * step registers a secret, and each hands what it read to the run, so even a task that prints the
 * fetched file whole shows it masked. Each secret is searched raw, JSON-escaped, and base64'd
 * (the key also line by line as PEM).
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MASK } from '../../src/events/redact.js';
import { kubeconfigYaml } from '../../src/simulator/kube-api/kubeconfig.js';
import { runCli } from '../cli/run-cli.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { tempDir } from '../harness/temp-dir.js';
import { adminKubeconfig, clientCertificate, testCluster } from '../steps-run/kubeconfig-pki.js';

const playbook = join(import.meta.dirname, '..', 'fixtures', 'security', 'kubeconfig-secrets.yaml');
const TOKEN = 'tok-Jd83kLq0-planted-token';
const PASSWORD = 'pw-Xn42Rt7-planted-password';

let sshd: TestSshd;
let dir: string;
let secrets: string[];
let inventoryFile: string;

before(async () => {
  sshd = await startSshd();
  dir = tempDir('certbook-kubeconfig-secrets-');
  const cluster = await testCluster();
  const cert = await clientCertificate(cluster, 300);
  const admin = join(dir, 'k3s.yaml');
  writeFileSync(admin, adminKubeconfig(cluster, cert));
  chmodSync(admin, 0o600);
  const tokenFile = join(dir, 'ci.yaml');
  const tokenText = adminKubeconfig(cluster, cert).replace(/client-certificate-data: .*\n\s*client-key-data: .*\n/, `token: ${TOKEN}\n`);
  writeFileSync(tokenFile, tokenText);
  const basic = join(dir, 'v118.yaml');
  writeFileSync(
    basic,
    kubeconfigYaml({
      server: 'https://127.0.0.1:6443',
      caPem: cluster.serverCa.certificatePem,
      user: { username: 'admin', password: PASSWORD },
    }),
  );
  // Broken YAML right after a secret: a parser's message would quote that line.
  const broken = join(dir, 'broken.yaml');
  writeFileSync(broken, `users:\n- name: x\n  user:\n    password: ${PASSWORD}\n    x: [\n`);
  const keyData = Buffer.from(cert.keyPem).toString('base64');
  secrets = [TOKEN, PASSWORD, keyData, ...cert.keyPem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))];
  const out = join(dir, 'out');
  mkdirSync(out);
  inventoryFile = join(dir, 'inventory.yaml');
  writeFileSync(
    inventoryFile,
    [
      'all:',
      '  hosts:',
      '    node:',
      '      ansible_host: 127.0.0.1',
      `      ansible_port: ${sshd.port}`,
      `      ansible_user: ${sshd.sudoUser}`,
      `      ansible_password: ${JSON.stringify(sshd.password)}`,
      `      ansible_become_password: ${JSON.stringify(sshd.password)}`,
      '  vars:',
      `    ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsFile}`,
      `    admin_kubeconfig: ${admin}`,
      `    out_dir: ${out}`,
      `    host_kubeconfigs: ${JSON.stringify([admin, tokenFile, basic, broken])}`,
      // The token kubeconfig's text as a variable: only what the steps handed to the run masks it.
      `    token_text: ${JSON.stringify(tokenText)}`,
      '',
    ].join('\n'),
  );
});

after(async () => {
  await sshd?.stop();
});

function forms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')])];
}

test('no key, token or password of a kubeconfig reaches any output, at -vvvv, in any renderer; masks show where they were', async () => {
  for (const renderer of ['plain', 'json']) {
    const runDir = tempDir('certbook-kubeconfig-secrets-run-');
    const r = await runCli(
      [
        'run',
        playbook,
        '-i',
        inventoryFile,
        '--renderer',
        renderer,
        '-vvvv',
        '--report',
        join(runDir, 'report.json'),
        '--events',
        join(runDir, 'events.jsonl'),
        '--junit',
        join(runDir, 'junit.xml'),
        '--metrics',
        join(runDir, 'metrics.prom'),
      ],
      { env: { CI: 'true', HOME: dir } },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const texts: Record<string, string> = {
      stdout: r.stdout,
      stderr: r.stderr,
      ...Object.fromEntries(readdirSync(runDir).map((f) => [f, readFileSync(join(runDir, f), 'utf8')])),
    };
    const leaks: string[] = [];
    for (const [artifact, text] of Object.entries(texts)) {
      for (const secret of secrets)
        for (const form of forms(secret)) if (text.includes(form)) leaks.push(`${artifact}: ${form.slice(0, 24)}…`);
    }
    assert.deepEqual(leaks, [], `${renderer}: kubeconfig secrets leaked`);
    const report = texts['report.json']!;
    assert.ok(report.includes(`client-key-data: ${MASK}`), `${renderer}: the careless debug shows the key masked`);
    assert.ok(report.includes(`token: ${MASK}`), `${renderer}: and the token`);
    assert.match(report, /not a kubeconfig: not YAML \(at line \d+\)/, `${renderer}: the broken file is named, not quoted`);
  }
});
