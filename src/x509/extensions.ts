/**
 * The two extensions certificate facts report: subjectAltName and basicConstraints, decoded
 * from the DER directly. A malformed extension is reported as absent
 * with a note, never as an exception: the rest of the certificate is still worth knowing.
 */
import { children, decodeOid, type RawExtension, readTlv } from './der.js';
import { describeName, readName } from './distinguished-name.js';

const SUBJECT_ALT_NAME = '2.5.29.17';
const BASIC_CONSTRAINTS = '2.5.29.19';

/** What the facts need from the extensions. */
export interface ExtensionFacts {
  /** `DNS:name`, `IP:address` (IPv6 compressed), `email:…`, `URI:…`, `DirName:…`, `RID:…`, in order. */
  subjectAltName: string[];
  /** basicConstraints CA:TRUE. */
  isCa: boolean;
  /** Extensions that could not be decoded. */
  notes: string[];
}

/** Reads subjectAltName and basicConstraints from `extensions`. Never throws. */
export function extensionFacts(extensions: readonly RawExtension[]): ExtensionFacts {
  const facts: ExtensionFacts = { subjectAltName: [], isCa: false, notes: [] };
  for (const ext of extensions) {
    try {
      if (ext.oid === SUBJECT_ALT_NAME) facts.subjectAltName = generalNames(ext.value);
      else if (ext.oid === BASIC_CONSTRAINTS) facts.isCa = basicConstraintsCa(ext.value);
    } catch {
      facts.notes.push(`the ${ext.oid === SUBJECT_ALT_NAME ? 'subjectAltName' : 'basicConstraints'} extension could not be decoded`);
    }
  }
  return facts;
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } */
function basicConstraintsCa(der: Uint8Array): boolean {
  const [first] = children(der, readTlv(der, 0));
  return first?.tag === 0x01 && der[first.start] !== 0;
}

/** GeneralNames, formatted as openssl/community.crypto do (`IP:` rather than `IP Address:`). */
function generalNames(der: Uint8Array): string[] {
  return children(der, readTlv(der, 0)).map((name) => {
    const body = der.subarray(name.start, name.end);
    const text = (): string => Buffer.from(body).toString('latin1');
    switch (name.tag) {
      case 0x81:
        return `email:${text()}`;
      case 0x82:
        return `DNS:${text()}`;
      case 0x86:
        return `URI:${text()}`;
      case 0x87:
        return `IP:${ipAddress(body)}`;
      case 0x88:
        return `RID:${decodeOid(body)}`;
      case 0xa4:
        return `DirName:${describeName(readName(body, readTlv(body, 0))).text}`;
      case 0xa0:
        return 'othername:<unsupported>';
      default:
        return `<unsupported:${name.tag.toString(16)}>`;
    }
  });
}

function ipAddress(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length !== 16) return `<invalid:${Buffer.from(bytes).toString('hex')}>`;
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  // RFC 5952: compress the longest run (≥ 2) of zero groups, the first one on a tie.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}
