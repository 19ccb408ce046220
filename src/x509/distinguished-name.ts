/**
 * Subject and issuer names as people read them: `CN=k3s, O=k3s` (RFC 4514 order, the order Go,
 * kubectl and `k3s certificate check` print) plus a map of fields for templates.
 */
import type { Name } from '@peculiar/x509';

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

/** Attribute types @peculiar/x509 leaves as OIDs (or names unlike openssl) → the name openssl prints. */
const EXTRA_NAMES: Record<string, string> = {
  E: 'emailAddress',
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

/** Describes a parsed Name (`cert.subjectName`, `cert.issuerName`). */
export function describeName(name: Name): DescribedName {
  const rdns = name.toJSON().map((rdn) => Object.entries(rdn).map(([type, values]) => [EXTRA_NAMES[type] ?? type, values] as const));
  const fields: Record<string, string[]> = {};
  for (const rdn of rdns) {
    for (const [type, values] of rdn) {
      const list = fields[type] ?? [];
      list.push(...values);
      fields[type] = list;
    }
  }
  const text = [...rdns]
    .reverse()
    .map((rdn) => rdn.flatMap(([type, values]) => values.map((v) => `${type}=${escapeValue(v)}`)).join('+'))
    .join(', ');
  return { text, fields };
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
