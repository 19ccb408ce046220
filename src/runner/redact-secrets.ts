/**
 * Defence in depth for secrets: whatever a step or a host echoes back, a known secret value
 * (a become or connection password) is replaced before any event leaves the runner.
 */

/** The mask that replaces a secret. */
export const MASK = '********';

/** A copy of `value` with every occurrence of every secret replaced by {@link MASK}. */
export function redactDeep(value: unknown, secrets: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]));
  }
  if (value && typeof value === 'object' && 'text' in value && typeof (value as { text: unknown }).text === 'string') {
    return redactText((value as { text: string }).text, secrets);
  }
  return value;
}

/** `text` with every secret replaced. Secrets shorter than 3 characters are masked only when whole. */
export function redactText(text: string, secrets: ReadonlySet<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 3) {
      if (out === secret) out = MASK;
    } else if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}
