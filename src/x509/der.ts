/**
 * DER, read just enough for certificate facts: tag-length-value, the children of a SEQUENCE or
 * SET, OIDs, the serial number exactly as `openssl x509 -serial` prints it (sign included), the
 * signature algorithm's OID and the extensions. `certificate.ts` builds the reader on these.
 */

/** One DER tag-length-value. */
export interface Tlv {
  tag: number;
  /** Offset of the tag byte (where the whole encoding starts). */
  offset: number;
  /** Offset of the contents. */
  start: number;
  /** Offset just past the contents. */
  end: number;
}

/** The TLV at `offset`; throws RangeError when the bytes are not DER. */
export function readTlv(der: Uint8Array, offset: number): Tlv {
  const tag = der[offset];
  let lenByte = der[offset + 1];
  if (tag === undefined || lenByte === undefined) throw new RangeError('DER cut short');
  let start = offset + 2;
  let length = lenByte;
  if (lenByte & 0x80) {
    const count = lenByte & 0x7f;
    if (count === 0 || count > 4) throw new RangeError('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) {
      lenByte = der[start + i];
      if (lenByte === undefined) throw new RangeError('DER cut short');
      length = length * 256 + lenByte;
    }
    start += count;
  }
  if (start + length > der.length) throw new RangeError('DER cut short');
  return { tag, offset, start, end: start + length };
}

/** The children of a constructed TLV. */
export function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const child = readTlv(der, at);
    if (child.end > parent.end) throw new RangeError('DER child longer than its parent');
    out.push(child);
    at = child.end;
  }
  return out;
}

/** tbsCertificate's children and the signatureAlgorithm TLV of a certificate. */
function certificateParts(der: Uint8Array): { tbs: Tlv[]; signatureAlgorithm: Tlv } {
  const [tbs, signatureAlgorithm] = children(der, readTlv(der, 0));
  if (!tbs || !signatureAlgorithm) throw new RangeError('not a certificate');
  return { tbs: children(der, tbs), signatureAlgorithm };
}

/**
 * The serial number as `openssl x509 -serial` prints it: upper-case hex, two digits per byte,
 * without the sign byte DER adds, `-` before a (non-conforming) negative serial.
 */
export function serialHex(der: Uint8Array): string {
  const { tbs } = certificateParts(der);
  // version is an optional [0] EXPLICIT field before the serial.
  const serial = tbs[0]?.tag === 0xa0 ? tbs[1] : tbs[0];
  if (serial?.tag !== 0x02) throw new RangeError('no serial number');
  let bytes: Buffer = Buffer.from(der.subarray(serial.start, serial.end));
  let sign = '';
  if (bytes.length > 0 && (bytes[0]! & 0x80) !== 0) {
    sign = '-';
    bytes = twosComplementMagnitude(bytes);
  }
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  return sign + (bytes.length ? bytes.toString('hex').toUpperCase() : '00');
}

function twosComplementMagnitude(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes.map((b) => ~b & 0xff));
  for (let i = out.length - 1; i >= 0; i--) {
    out[i] = (out[i]! + 1) & 0xff;
    if (out[i] !== 0) break;
  }
  return out;
}

/** One extension: its OID and the TLV inside its OCTET STRING. */
export interface RawExtension {
  oid: string;
  critical: boolean;
  /** The extension's own DER value (the contents of `extnValue`). */
  value: Uint8Array;
}

/** The extensions of a certificate (v3 `[3]` field), in order; empty when there are none. */
export function certificateExtensions(der: Uint8Array): RawExtension[] {
  const { tbs } = certificateParts(der);
  const wrapper = tbs.find((t) => t.tag === 0xa3);
  if (!wrapper) return [];
  const [list] = children(der, wrapper);
  if (!list) return [];
  return children(der, list).map((ext) => {
    const [oid, second, third] = children(der, ext);
    const octets = third ?? second;
    if (oid?.tag !== 0x06 || !octets || octets.tag !== 0x04) throw new RangeError('malformed extension');
    const critical = third !== undefined && second?.tag === 0x01 && der[second.start] !== 0;
    return { oid: decodeOid(der.subarray(oid.start, oid.end)), critical, value: der.subarray(octets.start, octets.end) };
  });
}

/** The dotted OID of the certificate's outer signatureAlgorithm. */
export function signatureAlgorithmOid(der: Uint8Array): string {
  const { signatureAlgorithm } = certificateParts(der);
  const [oid] = children(der, signatureAlgorithm);
  if (oid?.tag !== 0x06) throw new RangeError('no signature algorithm');
  return decodeOid(der.subarray(oid.start, oid.end));
}

/** The dotted form of the OBJECT IDENTIFIER `oid`; throws RangeError when it is not one. */
export function readOid(der: Uint8Array, oid: Tlv | undefined): string {
  // Empty, or an arc whose last byte says more follow: a cut OID, refused as asn1js refuses it.
  if (oid?.tag !== 0x06 || oid.end === oid.start || der[oid.end - 1]! & 0x80) throw new RangeError('malformed OBJECT IDENTIFIER');
  return decodeOid(der.subarray(oid.start, oid.end));
}

/** The dotted form of an OBJECT IDENTIFIER's contents. */
export function decodeOid(bytes: Uint8Array): string {
  const arcs: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  const first = arcs.shift() ?? 0;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs].join('.');
}
