/**
 * Secret removal for everything certbook shows or writes. The runner redacts results before it
 * emits them; every reporter redacts again on the way out (defence in depth: a secret learnt
 * late, a reporter fed by a test or a future code path, still never reaches a screen or a file).
 *
 * Secrets are the values themselves (become and ssh passwords, key passphrases, the values of
 * `sensitive` step arguments), replaced wherever they occur, inside longer text too, by
 * {@link MASK}, exactly as ansible-core's `remove_values` masks `no_log` strings.
 */
import { PyFloat } from '../python/py-number.js';

/** What replaces a secret: eight stars, as Ansible writes it. */
export const MASK = '********';

/** Ansible's exact words for a result hidden by `no_log: true` (executor/task_result.py). */
export const NO_LOG_CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/**
 * Secrets shorter than this are masked only where they are the whole string: masking every
 * `a` of a one-letter password would shred the output and tell an onlooker the password anyway.
 */
export const MIN_SUBSTRING_SECRET = 3;

/** Known secret values. A live `Set` may be passed: secrets learnt during the run count at once. */
export type Secrets = Iterable<string>;

/** Longest first, so a secret that contains another is masked whole, not in pieces. */
function ordered(secrets: Secrets): string[] {
  return [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** `text` with every known secret replaced by {@link MASK}. */
export function redactText(text: string, secrets: Secrets): string {
  return maskWith(text, ordered(secrets));
}

function maskWith(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SUBSTRING_SECRET) {
      if (out === secret) return MASK;
    } else if (out.includes(secret)) {
      out = out.split(secret).join(MASK);
    }
  }
  return out;
}

/**
 * A deep copy of `value` with every string, and every object key, redacted. Only plain data is
 * walked (objects, arrays, strings, numbers, booleans, null); anything else is turned into its
 * redacted string form so that no secret can hide in an exotic object. Shared or cyclic
 * references are cut (shown as `"[circular]"`), so a bad result cannot hang a reporter.
 */
export function redactValue<T>(value: T, secrets: Secrets): T {
  const list = ordered(secrets);
  if (list.length === 0) return value;
  return walk(value, list, new Set()) as T;
}

function walk(value: unknown, secrets: readonly string[], path: Set<object>): unknown {
  if (typeof value === 'string') return maskWith(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (path.has(value)) return '[circular]';
  path.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => walk(v, secrets, path));
    if (value instanceof Date) return value;
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return maskWith(String(value), secrets);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[maskWith(k, secrets)] = walk(v, secrets, path);
    return out;
  } finally {
    path.delete(value);
  }
}

/**
 * Every string and number inside `value` (through arrays and objects), as text: the secrets a
 * value holds once it is known to be secret as a whole (a sensitive argument, a hidden task's output).
 */
export function textLeaves(value: unknown): string[] {
  // A whole float or a big int from YAML is a secret too, as the text it prints as.
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || value instanceof PyFloat)
    return [String(value)];
  if (Array.isArray(value)) return value.flatMap(textLeaves);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(textLeaves);
  return [];
}

/** Whether `secrets` occur anywhere in `text` (for tests and last-chance checks). */
export function containsSecret(text: string, secrets: Secrets): boolean {
  return ordered(secrets).some((s) => (s.length < MIN_SUBSTRING_SECRET ? text === s : text.includes(s)));
}

/** How {@link censorResult} shapes a `no_log` result. */
export interface CensorOptions {
  /**
   * Keep a (redacted) `msg`. Default true, so an operator learns why a hidden task failed;
   * `false` gives Ansible's exact shape, which hides `msg` too.
   */
  keepMsg?: boolean;
}

/**
 * The result a `no_log: true` task shows instead of its own: Ansible's `censored` text plus the
 * fields Ansible preserves (`changed`, `attempts`, `retries`), `failed`/`skipped` when set (they
 * are the status, not output) and, unless disabled, `msg` with known secrets masked.
 */
export function censorResult(result: Record<string, unknown>, secrets: Secrets, options: CensorOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { censored: NO_LOG_CENSORED };
  for (const key of ['attempts', 'changed', 'retries'] as const) if (key in result) out[key] = result[key];
  for (const key of ['failed', 'skipped', 'unreachable'] as const) if (result[key] === true) out[key] = true;
  if ((options.keepMsg ?? true) && typeof result.msg === 'string') out.msg = redactText(result.msg, secrets);
  return out;
}

/** Whether a result is a censored `no_log` result (reporters must not look for more in it). */
export function isCensored(result: Record<string, unknown>): boolean {
  return result.censored === NO_LOG_CENSORED;
}
