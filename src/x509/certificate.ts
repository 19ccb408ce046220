/**
 * A certificate read by our own DER reader: the structure of RFC 5280's `Certificate` checked
 * once, and the parts the facts need kept. Reading a certificate this way costs a few
 * microseconds where @peculiar/x509 (asn1js) cost about 1.5 ms and 200 ms to load, and where
 * node:crypto's X509Certificate costs about 150 µs and still lacks the signature algorithm and
 * the names' structure; so neither is loaded to read certificates.
 */
import { children, type RawExtension, readOid, readTlv, serialHex, type Tlv } from './der.js';
import { validityTime } from './der-values.js';
import { type Rdn, readName } from './distinguished-name.js';

/** A parsed certificate. */
export class ParsedCertificate {
  /** The certificate's DER, as @peculiar/x509's class names it, so both can be described. */
  readonly rawData: ArrayBuffer;
  /** As `openssl x509 -serial` prints it. */
  readonly serialNumber: string;
  /** The subject's RDNs in encoding order (`describeName` makes the text). */
  readonly subjectRdns: Rdn[];
  readonly issuerRdns: Rdn[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The SubjectPublicKeyInfo, header included. */
  readonly publicKeyInfo: Uint8Array;
  /** The outer signatureAlgorithm's dotted OID. */
  readonly signatureAlgorithmOid: string;
  /** The v3 extensions, in order, undecoded. */
  readonly extensions: RawExtension[];

  /** Reads `der` (one certificate, nothing after it); throws RangeError saying what is wrong. */
  constructor(der: Uint8Array) {
    const bytes = new Uint8Array(der.byteLength);
    bytes.set(der);
    this.rawData = bytes.buffer;
    const outer = readTlv(bytes, 0);
    const [tbs, signatureAlgorithm, signature, extra] = children(bytes, expect(outer, 0x30, 'Certificate'));
    expect(signature, 0x03, 'signatureValue');
    if (extra) throw new RangeError('Certificate has more than three parts');
    this.signatureAlgorithmOid = algorithmOid(bytes, signatureAlgorithm);
    const fields = children(bytes, expect(tbs, 0x30, 'TBSCertificate'));
    let i = 0;
    if (fields[0]?.tag === 0xa0) {
      const [version] = children(bytes, fields[0]);
      expect(version, 0x02, 'version');
      i++;
    }
    expect(fields[i], 0x02, 'serialNumber');
    this.serialNumber = serialHex(bytes);
    algorithmOid(bytes, fields[i + 1]);
    this.issuerRdns = readName(bytes, expect(fields[i + 2], 0x30, 'issuer'));
    const [notBefore, notAfter, more] = children(bytes, expect(fields[i + 3], 0x30, 'validity'));
    if (!notBefore || !notAfter || more) throw new RangeError('validity is not two times');
    this.notBefore = validityTime(bytes, notBefore);
    this.notAfter = validityTime(bytes, notAfter);
    this.subjectRdns = readName(bytes, expect(fields[i + 4], 0x30, 'subject'));
    const spki = expect(fields[i + 5], 0x30, 'subjectPublicKeyInfo');
    algorithmOid(bytes, children(bytes, spki)[0]);
    this.publicKeyInfo = bytes.subarray(spki.offset, spki.end);
    this.extensions = [];
    for (const optional of fields.slice(i + 6)) {
      if (optional.tag === 0xa3) this.extensions = extensionList(bytes, optional);
      else if (optional.tag !== 0x81 && optional.tag !== 0xa1 && optional.tag !== 0x82 && optional.tag !== 0xa2)
        throw new RangeError(`unexpected field in TBSCertificate (tag 0x${optional.tag.toString(16)})`);
    }
  }
}

function expect(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv) throw new RangeError(`${what} is missing`);
  if (tlv.tag !== tag) throw new RangeError(`${what} has tag 0x${tlv.tag.toString(16)}, not 0x${tag.toString(16)}`);
  return tlv;
}

/** The OID of an AlgorithmIdentifier. */
function algorithmOid(der: Uint8Array, tlv: Tlv | undefined): string {
  const [oid] = children(der, expect(tlv, 0x30, 'AlgorithmIdentifier'));
  return readOid(der, oid);
}

/** `[3] EXPLICIT SEQUENCE OF Extension`. */
function extensionList(der: Uint8Array, wrapper: Tlv): RawExtension[] {
  const [list, extra] = children(der, wrapper);
  if (extra) throw new RangeError('extensions has more than one part');
  return children(der, expect(list, 0x30, 'extensions')).map((ext) => {
    const [oid, second, third, more] = children(der, expect(ext, 0x30, 'Extension'));
    const octets = third ?? second;
    if (more || octets?.tag !== 0x04 || (third && second?.tag !== 0x01)) throw new RangeError('malformed extension');
    const critical = third !== undefined && der[second!.start] !== 0;
    return { oid: readOid(der, oid), critical, value: der.subarray(octets.start, octets.end) };
  });
}
