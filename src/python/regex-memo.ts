/**
 * The answers of recent regular-expression calls, so that the same match on the same text is not
 * sent to the matching thread again. A fleet's hosts feed the playbooks' filters the same texts
 * (`k3s version v1.30.4+k3s1 (…)`, the same certificate paths, the same lines of a probe), and
 * each trip to the thread costs a message each way and a thread switch, several times the match.
 * Only short texts are kept (the key holds the text), at most {@link MEMO_ENTRIES} of them, the
 * least recently used going first. Answers are handed out as copies: a caller may keep or change
 * what it gets.
 */

/** How many answers are kept. */
export const MEMO_ENTRIES = 2000;

/** Longer texts are matched every time (a key that large would cost more than it saves). */
export const MEMO_MAX_TEXT = 4096;

const memo = new Map<string, unknown>();

/** The key of a call, or undefined when the call is not worth keeping. */
export function memoKey(op: string, regex: RegExp, text: string, extra = ''): string | undefined {
  if (text.length > MEMO_MAX_TEXT) return undefined;
  return `${op}\0${regex.source}\0${regex.flags}\0${extra}\0${text}`;
}

/** The kept answer for `key` (a copy), or `miss`. */
export function recall(key: string): unknown {
  if (!memo.has(key)) return MISS;
  const value = memo.get(key);
  memo.delete(key); // re-inserted: Map order is the recency order
  memo.set(key, value);
  return structuredClone(value);
}

/** Keeps `value` (a copy) as the answer for `key`. */
export function remember(key: string, value: unknown): void {
  memo.set(key, structuredClone(value));
  if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
}

/** What {@link recall} returns when nothing is kept for the key. */
export const MISS: unique symbol = Symbol('miss');
