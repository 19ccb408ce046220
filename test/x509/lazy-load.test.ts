/**
 * @peculiar/x509 (with reflect-metadata, ~200 ms to load) issues certificates; it never reads
 * them. Listing the steps does not load it, and neither does running x509_info on a real
 * certificate: reading goes through our own DER reader (src/x509/certificate.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

function probe(script: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('listing the steps or reading a certificate with x509_info does not load @peculiar/x509', () => {
  const before = probe(`await import('./src/steps/registry.ts'); console.log(typeof Reflect.getMetadata);`);
  assert.equal(before, 'undefined');
  // reflect-metadata is imported only next to @peculiar/x509 (src/x509/pki.ts): its global says whether the library loaded.
  // The certificate is the first of Debian's CA bundle, so nothing in the child issues one.
  const after = probe(
    [
      `const { readFileSync } = await import('node:fs');`,
      `const pem = readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8').split('-----END CERTIFICATE-----')[0] + '-----END CERTIFICATE-----\\n';`,
      `const { findStep } = await import('./src/steps/registry.ts');`,
      `const step = findStep('x509_info');`,
      `const r = await step.run({ content: pem }, { now: () => new Date(0), host: {}, signal: new AbortController().signal });`,
      `console.log(typeof Reflect.getMetadata, r.failed ?? false, r.data.certificates.length, /^[0-9A-F:]+$/.test(r.data.certificates[0].fingerprint_sha256));`,
    ].join('\n'),
  );
  assert.equal(after, 'undefined false 1 true');
});
