/**
 * Controller CPU per certificate read and described (PEM text in, facts out), ours against the
 * @peculiar/x509 describing it replaced (test/x509/reference-describe.ts), in interleaved rounds
 * in one process, medians. Two sets: k3s-like chain files (an ECDSA P-256 leaf and its CA, as
 * check-expiry reads them) and Debian's CA bundle, one certificate per text (mostly RSA).
 * Run alone: `npx tsx scripts/bench/x509-parse.ts`.
 */
import { readFileSync } from 'node:fs';
import { describeCertificate } from '../../src/x509/describe.js';
import { issueCertificate } from '../../src/x509/issue.js';
import { parseCertificates } from '../../src/x509/parse.js';
import { referenceDescribe, referenceParseCertificates } from '../../test/x509/reference-describe.js';

/** µs of CPU per certificate, per set. */
export interface X509ParseCost {
  set: string;
  certificates: number;
  oursUs: number;
  referenceUs: number;
}

const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

async function k3sChains(count: number): Promise<string[]> {
  const now = Date.now();
  const ca = await issueCertificate({
    subject: 'CN=k3s-server-ca@1700000000',
    ca: true,
    notBefore: new Date(now - 1e10),
    notAfter: new Date(now + 3e11),
  });
  const chains: string[] = [];
  for (let i = 0; i < count; i++) {
    const leaf = await issueCertificate({
      subject: `CN=system:node:node-${i}, O=system:nodes`,
      issuer: ca,
      notBefore: new Date(now - 1e9),
      notAfter: new Date(now + 3e10),
      dnsNames: ['localhost', `node-${i}`],
      ipAddresses: ['127.0.0.1', `10.0.0.${i + 1}`],
    });
    chains.push(leaf.chainPem);
  }
  return chains;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** CPU µs per certificate of `read` over `texts`, `reps` times. */
function cpuPerCertificate(texts: readonly string[], reps: number, read: (text: string) => number): number {
  const before = process.cpuUsage();
  let certificates = 0;
  for (let i = 0; i < reps; i++) for (const text of texts) certificates += read(text);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / certificates;
}

/** Measures both readers on both sets, `rounds` interleaved rounds (the first one warms up and is dropped). */
export async function measureX509Parse(rounds = 11): Promise<X509ParseCost[]> {
  const now = new Date();
  const ours = (text: string): number => {
    const parsed = parseCertificates(text, { bundle: true });
    for (const c of parsed.certificates) describeCertificate(c, { now });
    return parsed.certificates.length;
  };
  const reference = (text: string): number => {
    const parsed = referenceParseCertificates(text, { bundle: true });
    for (const c of parsed.certificates) referenceDescribe(c, { now });
    return parsed.certificates.length;
  };
  const bundle = readFileSync(BUNDLE, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g) ?? [];
  const sets: Array<[string, string[]]> = [
    ['k3s chain files (ECDSA P-256 leaf + CA)', await k3sChains(20)],
    ['Debian CA bundle, one certificate per text', bundle],
  ];
  return sets.map(([set, texts]) => {
    const mine: number[] = [];
    const theirs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const a = cpuPerCertificate(texts, 30, ours);
      const b = cpuPerCertificate(texts, 3, reference);
      if (round > 0) {
        mine.push(a);
        theirs.push(b);
      }
    }
    const certificates = texts.reduce((n, t) => n + parseCertificates(t, { bundle: true }).certificates.length, 0);
    return { set, certificates, oursUs: median(mine), referenceUs: median(theirs) };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await measureX509Parse()) {
    console.log(
      `${r.set} (${r.certificates}): ours ${r.oursUs.toFixed(1)} µs/certificate, @peculiar/x509 ${r.referenceUs.toFixed(1)} µs (${(r.referenceUs / r.oursUs).toFixed(1)}x)`,
    );
  }
}
