/**
 * What openssl says about certificates, for cross-checking our parser: one `sh` process runs
 * `openssl x509` once per certificate (each run costs 20-40 ms, so one per certificate, not one
 * per fact). `openssl x509 -fingerprint` prints SHA-1 only; the SHA-256 fingerprint comes from
 * Node's X509Certificate, which is OpenSSL's own computation too.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** openssl's answers for one certificate, keyed as it prints them. */
export interface OpensslFacts {
  notBefore: string;
  notAfter: string;
  serial: string;
  sha1: string;
  sha256: string;
  /** RFC 2253 order with `, ` separators and UTF-8 kept (`-nameopt RFC2253,-esc_msb,sep_comma_plus_space`). */
  subject: string;
  issuer: string;
}

/** Runs openssl on each PEM certificate of `pems`, in order. */
export function opensslFacts(pems: readonly string[]): OpensslFacts[] {
  const dir = mkdtempSync(join(tmpdir(), 'certbook-openssl-'));
  try {
    pems.forEach((pem, i) => writeFileSync(join(dir, `${i}.pem`), pem));
    const script = [
      'i=0',
      `while [ -f "${dir}/$i.pem" ]; do`,
      '  echo "@@cert $i"',
      `  openssl x509 -in "${dir}/$i.pem" -noout -enddate -startdate -subject -issuer -serial -fingerprint -nameopt RFC2253,-esc_msb,sep_comma_plus_space`,
      '  i=$((i+1))',
      'done',
    ].join('\n');
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
    return r.stdout
      .split('@@cert ')
      .slice(1)
      .map((chunk, i) => ({ ...toFacts(chunk), sha256: new X509Certificate(pems[i]!).fingerprint256 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function toFacts(chunk: string): Omit<OpensslFacts, 'sha256'> {
  const kv = new Map<string, string>();
  for (const line of chunk.split('\n').slice(1)) {
    const eq = line.indexOf('=');
    if (eq > 0) kv.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const get = (k: string): string => {
    const v = kv.get(k);
    if (v === undefined) throw new Error(`openssl printed no ${k}: ${chunk}`);
    return v;
  };
  return {
    notBefore: get('notBefore'),
    notAfter: get('notAfter'),
    serial: get('serial'),
    sha1: get('SHA1 Fingerprint'),
    subject: get('subject'),
    issuer: get('issuer'),
  };
}

/** openssl's `Oct 24 16:38:46 2026 GMT` as our ISO form `2026-10-24T16:38:46Z`. */
export function opensslDateToIso(text: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`not an openssl date: ${text}`);
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
