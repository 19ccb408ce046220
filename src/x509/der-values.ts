/**
 * The DER values certificate facts print: directory strings (the values of subject and issuer
 * attributes) and validity times. Each is decoded exactly as the facts always decoded them
 * (they came from @peculiar/x509 and asn1js until the controller stopped loading that library
 * to read certificates): the differential test in test/x509 holds the two side by side.
 */
import type { Tlv } from './der.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * An attribute value as text: UTF8String as UTF-8 (its bytes one by one when they are not
 * UTF-8), PrintableString, TeletexString and IA5String byte by byte, BMPString as UTF-16BE,
 * UniversalString by the low 16 bits of each character. Any other type is `#` and the
 * lower-case hex of its whole encoding, as RFC 4514 writes a value it cannot show.
 */
export function directoryString(der: Uint8Array, value: Tlv): string {
  const body = der.subarray(value.start, value.end);
  switch (value.tag) {
    case 0x0c:
      try {
        return UTF8.decode(body);
      } catch {
        return latin1(body);
      }
    case 0x13:
    case 0x14:
    case 0x16:
      return latin1(body);
    case 0x1e:
      if (body.length % 2) throw new RangeError('BMPString of odd length');
      return units(body, 2);
    case 0x1c:
      if (body.length % 4) throw new RangeError('UniversalString length not a multiple of 4');
      return units(body, 4);
    default:
      return `#${Buffer.from(der.subarray(value.offset, value.end)).toString('hex')}`;
  }
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

/** Big-endian code units of `width` bytes, keeping the low 16 bits of each. */
function units(bytes: Uint8Array, width: 2 | 4): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += width) out += String.fromCharCode((bytes[i + width - 2]! << 8) | bytes[i + width - 1]!);
  return out;
}

const UTC_TIME = /(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z/i;
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/;

/**
 * A validity time: UTCTime (`YYMMDDHHMMSSZ`, years 50-99 in the 1900s) or GeneralizedTime
 * (`YYYYMMDDHHMMSS[.fff]Z`, the form RFC 5280 requires after 2049). Throws RangeError on
 * anything else, including a GeneralizedTime in local time (RFC 5280 forbids it).
 */
export function validityTime(der: Uint8Array, time: Tlv): Date {
  const text = latin1(der.subarray(time.start, time.end));
  if (time.tag === 0x17) {
    const m = UTC_TIME.exec(text);
    if (!m) throw new RangeError('malformed UTCTime');
    const yy = Number(m[1]);
    return utc(yy >= 50 ? 1900 + yy : 2000 + yy, m, 0);
  }
  if (time.tag === 0x18) {
    const m = GENERALIZED_TIME.exec(text);
    if (!m) throw new RangeError('unsupported GeneralizedTime');
    return utc(Number(m[1]), m, m[7] ? Math.floor(1000 * Number(`0.${m[7]}`)) : 0);
  }
  throw new RangeError('validity is not a time');
}

// Date.UTC, not new Date(text): out-of-range fields roll over, as they always have here.
function utc(year: number, m: RegExpExecArray, ms: number): Date {
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms));
}
