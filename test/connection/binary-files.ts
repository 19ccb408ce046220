/**
 * Files whose bytes a text channel would damage, for the tests of reading files without base64
 * (shell-read-files.ts): a DER certificate, every byte value, NUL, invalid UTF-8, CR LF, a lone
 * CR, no final newline, and data that holds the read script's own header lines.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueCertificate } from '../../src/x509/issue.js';

/** Writes the awkward files into `dir` (made if absent); their paths, in a fixed order, with their bytes. */
export async function binaryFiles(dir: string): Promise<Record<string, Buffer>> {
  const cert = await issueCertificate({
    subject: 'CN=der',
    ca: true,
    keyAlgorithm: 'ed25519',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
  });
  const contents: Record<string, Buffer> = {
    'cert.der': new X509Certificate(cert.certificatePem).raw,
    'every-byte.bin': Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 256)),
    'nul.bin': Buffer.from([0, 0, 0x0a, 0]),
    'invalid-utf8.bin': Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0x0a, 0xed, 0xa0, 0x80]),
    'crlf.txt': Buffer.from('line 1\r\nline 2\r\n\r\n'),
    'lone-cr.txt': Buffer.from('\r'),
    'empty.txt': Buffer.alloc(0),
    'no-final-newline.txt': Buffer.from('no newline\n@@certbook end'),
    // Last: its bytes end with what the real end line says, right before it.
    'headers.txt': Buffer.from('@@certbook data\n@@certbook size 3\n@@certbook 0 ENOENT\n@@certbook end\n'),
  };
  mkdirSync(dir, { recursive: true });
  const files: Record<string, Buffer> = {};
  for (const [name, data] of Object.entries(contents)) {
    writeFileSync(join(dir, name), data);
    files[join(dir, name)] = data;
  }
  return files;
}
