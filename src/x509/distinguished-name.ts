/**
 * Subject and issuer names as people read them: `CN=k3s, O=k3s` (RFC 4514 order, the order Go,
 * kubectl and `k3s certificate check` print) plus a map of fields for templates. Read from the
 * DER `Name` directly.
 */
import { children, readOid, readTlv, type Tlv } from './der.js';
import { directoryString } from './der-values.js';

/** A name, as text and as fields. */
export interface DescribedName {
  /**
   * RFC 4514 string with `, ` between RDNs: the last RDN of the encoding first, `+` inside a
   * multi-valued RDN, `,+"\<>;` and edge spaces escaped with `\`. Unknown types are dotted OIDs.
   */
  text: string;
  /**
   * Short type name (`CN`, `O`, `OU`, `C`, `ST`, `L`, `DC`, `emailAddress`, …) → every value of that type,
   * in encoding order. Always a list, because `O` is often several (`system:masters`, …).
   */
  fields: Record<string, string[]>;
}

/** One RDN: type name → its values, types in order of first appearance. */
export type Rdn = Map<string, string[]>;

/** Attribute type OID → the name printed; any other type prints as its dotted OID. */
const TYPE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '2.5.4.42': 'G',
  '2.5.4.43': 'I',
  '2.5.4.4': 'SN',
  '2.5.4.12': 'T',
  '2.5.4.5': 'serialNumber',
  '2.5.4.9': 'STREET',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

/** The RDNs of the `Name` TLV `name` of `der`, in encoding order; throws RangeError when it is not a Name. */
export function readName(der: Uint8Array, name: Tlv): Rdn[] {
  if (name.tag !== 0x30) throw new RangeError('a name is not a SEQUENCE');
  return children(der, name).map((set) => {
    if (set.tag !== 0x31) throw new RangeError('an RDN is not a SET');
    const rdn: Rdn = new Map();
    for (let at = set.start; at < set.end; ) {
      const attribute = readTlv(der, at);
      const [type, value, extra] = children(der, attribute);
      if (attribute.tag !== 0x30 || !value || extra) throw new RangeError('malformed name attribute');
      const oid = readOid(der, type);
      const key = TYPE_NAMES[oid] ?? oid;
      const values = rdn.get(key) ?? [];
      values.push(directoryString(der, value));
      rdn.set(key, values);
      at = attribute.end;
    }
    return rdn;
  });
}

/** Describes RDNs read by {@link readName}. */
export function describeName(rdns: readonly Rdn[]): DescribedName {
  const fields: Record<string, string[]> = {};
  for (const rdn of rdns) {
    for (const [type, values] of rdn) {
      const list = fields[type] ?? [];
      list.push(...values);
      fields[type] = list;
    }
  }
  const parts: string[] = [];
  for (let i = rdns.length - 1; i >= 0; i--) {
    const attributes: string[] = [];
    for (const [type, values] of rdns[i]!) for (const v of values) attributes.push(`${type}=${escapeValue(v)}`);
    parts.push(attributes.join('+'));
  }
  return { text: parts.join(', '), fields };
}

/** RFC 4514 §2.4 escaping. A `#hex` value (a type the parser could not decode) stays as it is. */
function escapeValue(value: string): string {
  if (/^#[0-9a-fA-F]*$/.test(value)) return value;
  return value
    .replace(/([,+"\\<>;])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ')
    .replace(/[\x00-\x1f\x7f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
