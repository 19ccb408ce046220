/**
 * PEM framing: finds every `-----BEGIN X----- … -----END X-----` block in a text and decodes
 * its base64 body. Written here rather than taken from @peculiar/x509's `PemConverter`
 * because a certificate file is often not only certificates (a key next to the cert, a
 * bundle with a comment, a block cut short by a full disk) and we must say which, per file,
 * without ever echoing a key's body.
 */

/** One decoded PEM block. */
export interface PemBlock {
  /** The label, e.g. `CERTIFICATE`, `EC PRIVATE KEY`. */
  type: string;
  /** The decoded body. */
  der: Buffer;
  /** Its position among all the blocks of the text, from 0. */
  index: number;
}

/** Every block of a text, plus what was wrong with the blocks that could not be decoded. */
export interface PemScan {
  blocks: PemBlock[];
  /** One sentence per broken block; never contains the block's body. */
  problems: string[];
}

const BEGIN = /-----BEGIN ([A-Z0-9 ]{1,64})-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/=\s]*$/;

/** True when `text` has at least one PEM BEGIN line. */
export function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]{1,64}-----/.test(text);
}

/** Splits `text` into decoded PEM blocks, in order. */
export function scanPem(text: string): PemScan {
  const blocks: PemBlock[] = [];
  const problems: string[] = [];
  let index = 0;
  BEGIN.lastIndex = 0;
  for (let m = BEGIN.exec(text); m; m = BEGIN.exec(text)) {
    const type = m[1]!;
    const bodyStart = m.index + m[0].length;
    const endLine = `-----END ${type}-----`;
    const end = text.indexOf(endLine, bodyStart);
    // The next BEGIN before our END means this block was cut short (a truncated write).
    const nextBegin = text.indexOf('-----BEGIN ', bodyStart);
    if (end < 0 || (nextBegin >= 0 && nextBegin < end)) {
      problems.push(`PEM block #${index} (${type}) has no END line: the file is truncated`);
      index++;
      continue;
    }
    const decoded = decodeBody(text.slice(bodyStart, end));
    if (typeof decoded === 'string') problems.push(`PEM block #${index} (${type}): ${decoded}`);
    else blocks.push({ type, der: decoded, index });
    index++;
    BEGIN.lastIndex = end + endLine.length;
  }
  return { blocks, problems };
}

/** The decoded body, or why it cannot be decoded. RFC 7468 allows `Key: value` headers first. */
function decodeBody(raw: string): Buffer | string {
  const lines = raw.split(/\r?\n/);
  const body = lines.filter((line) => !/^[A-Za-z-]+:/.test(line)).join('');
  if (!BASE64_BODY.test(body)) return 'the body is not base64';
  const compact = body.replace(/\s+/g, '');
  if (compact.length === 0) return 'the body is empty';
  if (compact.length % 4 !== 0 || /=[^=]/.test(compact)) return 'the base64 body is cut short or malformed';
  return Buffer.from(compact, 'base64');
}
