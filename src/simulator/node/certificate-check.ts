/**
 * `k3s certificate check` (fact sheet §4): every certificate of the selected services' files
 * (the leaf and the CA in the same file), each with the status `k3s` gives it: `NOT YET VALID`,
 * `EXPIRED`, `WARNING` (within the renewal window) or `OK`. `-o text` (default) logs a line per
 * certificate; `table`, `json` and `yaml` print them. `dynamic-cert.json` and the Secret are
 * not looked at, as in k3s.
 */
import { X509Certificate } from 'node:crypto';
import { stringify } from 'yaml';
import { type CertificateStatus, certificateStatus } from '../../x509/status.js';
import { renewWindowDays } from '../k3s-version.js';
import { logLine, selectCertificates, serviceCertFiles } from './certificate-services.js';
import { daysLeft, readIfExists } from './node-files.js';
import type { CommandOutput, SimNode } from './sim-node.js';

/** One row of `k3s certificate check -o json`. */
export interface CheckedCertificate {
  Filename: string;
  Subject: string;
  Issuer: string;
  Usages: string[];
  ExpiryTime: string;
  ResidualTime: string;
  Status: CertificateStatus;
}

/** Runs `k3s certificate check ARGS` on `node`. */
export async function certificateCheck(node: SimNode, args: readonly string[], now: Date): Promise<CommandOutput> {
  const selection = selectCertificates(node, args);
  if ('code' in selection) return selection;
  const { v, dataDir, services } = selection;
  const window = renewWindowDays(v);
  const rows: Array<CheckedCertificate & { service: string }> = [];
  for (const service of services) {
    for (const file of serviceCertFiles(node, dataDir, v, service)) {
      for (const cert of certificatesIn(readIfExists(file) ?? '')) rows.push({ service, ...checked(file, cert, now, window) });
    }
  }
  const output = selection.output ?? 'text';
  const plain = rows.map(({ service: _s, ...row }) => row);
  if (output === 'json') return { code: 0, stdout: `${JSON.stringify({ Certificates: plain }, null, 2)}\n`, stderr: '' };
  if (output === 'yaml') return { code: 0, stdout: stringify({ Certificates: plain }), stderr: '' };
  if (output === 'table') return { code: 0, stdout: table(plain), stderr: '' };
  if (output !== 'text') return { code: 1, stdout: '', stderr: logLine('FATA', `invalid output format ${output}`) };
  return { code: 0, stdout: '', stderr: textLog(rows, window) };
}

function certificatesIn(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.flatMap((b) => {
    try {
      return [new X509Certificate(b)];
    } catch {
      return [];
    }
  });
}

/** Go's pkix.Name String(): `CN=…,O=…`. */
const goName = (name: string): string => name.split('\n').filter(Boolean).reverse().join(',');

function checked(file: string, cert: X509Certificate, now: Date, window: number): CheckedCertificate {
  const from = new Date(cert.validFrom),
    to = new Date(cert.validTo);
  const Status = certificateStatus(from, to, now, window);
  return {
    Filename: file,
    Subject: goName(cert.subject),
    Issuer: goName(cert.issuer),
    Usages: cert.ca ? ['CertSign'] : ['DigitalSignature', 'KeyEncipherment'],
    ExpiryTime: to.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ResidualTime: residual(daysLeft(cert, now)),
    Status,
  };
}

function residual(days: number): string {
  const d = Math.abs(days);
  const text =
    d >= 365 ? `${Math.floor(d / 365)} year${Math.floor(d / 365) > 1 ? 's' : ''}` : d >= 1 ? `${Math.floor(d)}d` : `${Math.floor(d * 24)}h`;
  return days < 0 ? `-${text}` : text;
}

function textLog(rows: ReadonlyArray<CheckedCertificate & { service: string }>, window: number): string {
  let out = '';
  let service = '';
  for (const r of rows) {
    if (r.service !== service) {
      service = r.service;
      out += logLine('INFO', `Checking certificates for ${service}`);
    }
    const what = `${r.Filename}: certificate ${r.Subject}`;
    if (r.Status === 'OK') out += logLine('INFO', `${what} is ok, expires at ${r.ExpiryTime}`);
    else if (r.Status === 'WARNING') out += logLine('WARN', `${what} will expire within ${window} days at ${r.ExpiryTime}`);
    else if (r.Status === 'EXPIRED') out += logLine('ERRO', `${what} expired at ${r.ExpiryTime}`);
    else out += logLine('ERRO', `${what} is not valid before now`);
  }
  return out;
}

/** `FILENAME SUBJECT USAGES EXPIRES RESIDUAL TIME STATUS`, aligned like Go's tabwriter; dates as `Jan 02, 2006 15:04 MST`. */
function table(rows: readonly CheckedCertificate[]): string {
  const month = (d: Date) => d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const date = (iso: string) => {
    const d = new Date(iso);
    return `${month(d)} ${String(d.getUTCDate()).padStart(2, '0')}, ${d.getUTCFullYear()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
  };
  const lines = [
    ['FILENAME', 'SUBJECT', 'USAGES', 'EXPIRES', 'RESIDUAL TIME', 'STATUS'],
    ...rows.map((r) => [r.Filename.split('/').pop()!, r.Subject, r.Usages.join(','), date(r.ExpiryTime), r.ResidualTime, r.Status]),
  ];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return `${lines.map((l) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('')).join('\n')}\n`;
}
