/**
 * Bytes or text in, certificates out: one PEM certificate, a PEM bundle, or one DER
 * certificate. Whatever the input (empty, garbage, a key, a truncated block, a huge file) the
 * answer is a value with `errors`, never an exception, so one bad file cannot stop a run.
 */
import { ParsedCertificate } from './certificate.js';
import { readTlv } from './der.js';
import { looksLikePem, scanPem } from './pem.js';

/** How much to read. */
export interface ParseOptions {
  /** Every certificate of a PEM text (a chain, a CA bundle), not only the first. Default false. */
  bundle?: boolean;
  /** Refuse larger inputs. Default {@link DEFAULT_MAX_CERT_FILE_BYTES}. */
  maxBytes?: number;
  /** Refuse PEM texts with more certificate blocks. Default 10 000. */
  maxCertificates?: number;
}

/** What a file held. */
export interface ParsedCertificates {
  /** `pem` or `der`; absent when the input was neither. */
  format?: 'pem' | 'der';
  /** The certificates read, in file order. */
  certificates: ParsedCertificate[];
  /** Why (part of) the input could not be read; empty when all is well. Never quotes key material. */
  errors: string[];
}

/** 8 MiB: forty times Debian's whole CA bundle, far more than any real certificate file. */
export const DEFAULT_MAX_CERT_FILE_BYTES = 8 * 1024 * 1024;

const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE']);

/** Parses `input` (a file's bytes, or PEM text). Never throws. */
export function parseCertificates(input: Buffer | string, options: ParseOptions = {}): ParsedCertificates {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  const max = options.maxBytes ?? DEFAULT_MAX_CERT_FILE_BYTES;
  if (size > max) return failed(`${size} bytes is more than the limit of ${max} bytes for a certificate file`);
  const text = typeof input === 'string' ? input : input.toString('latin1');
  if (text.trim() === '') return failed('the file is empty');
  if (looksLikePem(text)) return parsePem(text, options);
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  // A DER certificate is an ASN.1 SEQUENCE: 0x30 first. Anything else is not ours.
  if (bytes[0] !== 0x30) return failed('not a certificate: no PEM block and not DER');
  const one = parseDer(bytes);
  return typeof one === 'string'
    ? { format: 'der', certificates: [], errors: [`DER input: ${one}`] }
    : { format: 'der', certificates: [one], errors: [] };
}

function parsePem(text: string, options: ParseOptions): ParsedCertificates {
  const scan = scanPem(text);
  const certBlocks = scan.blocks.filter((b) => CERT_LABELS.has(b.type));
  const errors = [...scan.problems];
  const limit = options.maxCertificates ?? 10_000;
  if (certBlocks.length > limit)
    return { format: 'pem', certificates: [], errors: [`${certBlocks.length} certificates is more than the limit of ${limit}`] };
  if (certBlocks.length === 0 && errors.length === 0) {
    const found = [...new Set(scan.blocks.map((b) => b.type))].join(', ');
    errors.push(`no CERTIFICATE block in the PEM text (found: ${found || 'nothing decodable'})`);
  }
  const certificates: ParsedCertificate[] = [];
  for (const block of options.bundle ? certBlocks : certBlocks.slice(0, 1)) {
    const cert = parseDer(block.der);
    if (typeof cert === 'string') errors.push(`PEM block #${block.index}: ${cert}`);
    else certificates.push(cert);
  }
  return { format: 'pem', certificates, errors };
}

/** One DER certificate, or why not. */
export function parseDer(der: Uint8Array): ParsedCertificate | string {
  try {
    const outer = readTlv(der, 0);
    if (outer.end !== der.length) return `not one certificate (${der.length - outer.end} bytes left over)`;
    return new ParsedCertificate(der);
  } catch (err) {
    return `not a valid X.509 certificate (${shortReason(err)})`;
  }
}

function shortReason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.slice(0, 160);
}

function failed(error: string): ParsedCertificates {
  return { certificates: [], errors: [error] };
}
