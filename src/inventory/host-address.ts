/**
 * Host addresses with an optional port, read exactly as ansible-core's `parse_address`
 * (ansible/parsing/utils/addresses.py) reads them: `host:2222`, `[::1]:2222`, IPv4, IPv6 and
 * host names, any of them possibly holding `[x:y]` ranges.
 *
 * The regular expressions are transcribed from Ansible's, quirks included: its IPv6 pattern
 * anchors only the last alternative at the end (so `ab::anything` counts as an address), and
 * a port can follow a plain name only when the name has no other colon.
 */

// Ranges permitted inside each kind of address (Ansible's numeric/hexadecimal/alphanumeric).
const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;

const IPV6_PART = String.raw`(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const IPV4_PART = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;

// Python's `\w` on text is Unicode-aware: letters, numbers and the underscore.
const WORD = String.raw`[\p{L}\p{N}_]`;
const LABEL = String.raw`(?:${WORD}|${ALNUM_RANGE})(?:${WORD}|-|${ALNUM_RANGE})*(?<![_-])`;

const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/;
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/;
const IPV4 = new RegExp(String.raw`^(?:${IPV4_PART}\.){3}${IPV4_PART}$`, 'i');
const IPV6 = ipv6Pattern(IPV6_PART);
const HOSTNAME = new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, 'iu');

function ipv6Pattern(c: string): RegExp {
  const v4 = String.raw`(?:${c}\.){3}${c}`;
  const alternatives = [
    String.raw`(?:${c}:){7}${c}`,
    String.raw`(?:${c}:){1,6}:`,
    String.raw`(?:${c}:)(?::${c}){1,6}`,
    String.raw`(?:${c}:){2}(?::${c}){1,5}`,
    String.raw`(?:${c}:){3}(?::${c}){1,4}`,
    String.raw`(?:${c}:){4}(?::${c}){1,3}`,
    String.raw`(?:${c}:){5}(?::${c}){1,2}`,
    String.raw`(?:${c}:){6}(?::${c})`,
    String.raw`:(?::${c}){1,6}`,
    String.raw`${c}?::`,
    String.raw`(?:0:){6}${v4}`,
    String.raw`::(?:ffff:)?${v4}`,
    // Only this last alternative is anchored at the end, as in Ansible's pattern.
    String.raw`(?:0:){5}ffff:${v4}$`,
  ];
  return new RegExp(`^(?:${alternatives.join('|')})`, 'i');
}

/** A host identifier and the port written after it, if any. */
export interface HostAddress {
  host: string;
  port?: number;
}

/**
 * Splits `address` into host and port as Ansible does, or returns undefined when it is not a
 * recognisable address (Ansible raises; its callers then use the text unchanged). With
 * `allowRanges` false, an address holding a `[x:y]` range is also refused.
 */
export function parseAddress(address: string, allowRanges: boolean): HostAddress | undefined {
  let rest = address;
  let port: number | undefined;
  for (const pattern of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = pattern.exec(rest);
    if (m) {
      rest = m[1]!;
      port = Number(m[2]);
    }
  }
  if (!IPV4.test(rest) && !IPV6.test(rest) && !HOSTNAME.test(rest)) return undefined;
  if (!allowRanges && rest.includes('[')) return undefined;
  return port === undefined ? { host: rest } : { host: rest, port };
}

/** True when `name` reads as an IPv4 or IPv6 address (Ansible keeps these whole in `inventory_hostname_short`). */
export function isIpAddress(name: string): boolean {
  return IPV4.test(name) || IPV6.test(name);
}
