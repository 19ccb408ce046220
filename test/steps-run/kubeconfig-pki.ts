/**
 * Kubeconfigs as k3s writes them, for the kubeconfig step tests: a cluster (server CA, client
 * CA) and admin kubeconfigs with chosen client certificates, through the simulator's own writer.
 */

import { kubeconfigYaml } from '../../src/simulator/kube-api/kubeconfig.js';
import { type IssuedCertificate, issueCertificate } from '../../src/x509/issue.js';

const DAY = 86_400_000;
let made = 0;

/** A cluster's two CAs. */
export interface TestCluster {
  serverCa: IssuedCertificate;
  clientCa: IssuedCertificate;
}

/** New CAs, valid for ten years from yesterday. */
export async function testCluster(): Promise<TestCluster> {
  const notBefore = new Date(Date.now() - DAY);
  const notAfter = new Date(Date.now() + 3650 * DAY);
  // k3s names its CAs after their creation second; two made in one second still differ here.
  const stamp = Math.floor(Date.now() / 1000) + made++;
  return {
    serverCa: await issueCertificate({ subject: `CN=k3s-server-ca@${stamp}`, notBefore, notAfter, ca: true }),
    clientCa: await issueCertificate({ subject: `CN=k3s-client-ca@${stamp}`, notBefore, notAfter, ca: true }),
  };
}

/** A client certificate of `cn` signed by the cluster's client CA, `daysLeft` from now (negative: expired). */
export function clientCertificate(cluster: TestCluster, daysLeft: number, cn = 'system:admin'): Promise<IssuedCertificate> {
  return issueCertificate({
    subject: `CN=${cn}, O=system:masters`,
    issuer: cluster.clientCa,
    usage: 'client',
    notBefore: new Date(Date.now() - 400 * DAY),
    notAfter: new Date(Date.now() + daysLeft * DAY),
  });
}

/** k3s.yaml (v1.19+) for `cert`, server `https://127.0.0.1:6443`. */
export function adminKubeconfig(cluster: TestCluster, cert: IssuedCertificate): string {
  return kubeconfigYaml({
    server: 'https://127.0.0.1:6443',
    caPem: cluster.serverCa.certificatePem,
    user: { clientCertificatePem: cert.chainPem, clientKeyPem: cert.keyPem },
  });
}
