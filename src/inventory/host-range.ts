/**
 * Host ranges (`web[01:10]`, `n[a:c]`, `s[01:10:3]`, several per name), expanded exactly as
 * ansible-core's `expand_hostname_range` does, including its corner cases: a missing begin
 * means 0, a zero-padded begin sets the width and needs an end of the same width, letter
 * ranges index into `a…zA…Z`, and the first range varies slowest.
 *
 * Where Ansible silently yields nothing (a numeric range whose begin is above its end, a
 * negative step), certbook reports a problem instead: an empty range is never what was meant.
 */
import { parsePythonInt } from '../python/python-text.js';

/** A range expands to at most this many names; more is a typo, not a fleet. */
export const MAX_RANGE_HOSTS = 100_000;

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The names a range expands to, or why it cannot be expanded. */
export type RangeExpansion = { hosts: string[] } | { error: string; hint?: string };

/** True when a host key holds a range to expand (Ansible's test: it contains `[`). */
export function hasRange(name: string): boolean {
  return name.includes('[');
}

/** Expands every `[begin:end(:step)]` in `name`; a name without one expands to itself. */
export function expandHostRange(name: string): RangeExpansion {
  if (!hasRange(name)) return { hosts: [name] };
  const out: string[] = [];
  const error = expandInto(name, out);
  return error ?? { hosts: out };
}

function expandInto(line: string, out: string[]): { error: string; hint?: string } | undefined {
  // Ansible swaps the first `[` and the first `]` for `|` and splits: exactly three parts.
  const parts = line.replace('[', '|').replace(']', '|').split('|');
  if (parts.length !== 3) return { error: `\`${line}\` has an unclosed or extra bracket`, hint: 'a range looks like `web[01:10]`' };
  const [head, range, tail] = parts as [string, string, string];
  const seq = rangeSequence(range);
  if ('error' in seq) return seq;
  for (const item of seq.items) {
    const name = head + item + tail;
    if (hasRange(name)) {
      const error = expandInto(name, out);
      if (error) return error;
    } else {
      out.push(name);
    }
    if (out.length > MAX_RANGE_HOSTS) return { error: `\`${line}\` expands to more than ${MAX_RANGE_HOSTS} hosts` };
  }
  return undefined;
}

function rangeSequence(range: string): { items: string[] } | { error: string; hint?: string } {
  const bounds = range.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) {
    return { error: `host range \`[${range}]\` must be begin:end or begin:end:step` };
  }
  const beg = bounds[0] || '0';
  const end = bounds[1]!;
  const stepText = bounds[2] ?? '1';
  if (!end) return { error: `host range \`[${range}]\` has no end value` };
  let width = 0;
  if (beg.startsWith('0') && beg.length > 1) {
    width = beg.length;
    if (width !== end.length) {
      return {
        error: `host range \`[${range}]\` pads its begin to ${width} digits but not its end`,
        hint: 'write both bounds with the same number of digits, such as [01:10]',
      };
    }
  }
  const letters = letterSequence(beg, end, stepText, range);
  if (letters) return letters;
  return numericSequence(beg, end, stepText, range, width);
}

/** Ansible tries letters first (`string.ascii_letters.index`), then falls back to numbers. */
function letterSequence(beg: string, end: string, stepText: string, range: string): { items: string[] } | { error: string } | undefined {
  const i = LETTERS.indexOf(beg);
  const j = LETTERS.indexOf(end);
  if (i < 0 || j < 0) return undefined;
  if (i > j) return { error: `host range \`[${range}]\` has its begin after its end` };
  const step = parsePythonInt(stepText);
  if (step === undefined || step === 0) return undefined; // Python's ValueError: fall through to numbers (which fail)
  if (step < 0) return { error: `host range \`[${range}]\` has a negative step` };
  const items: string[] = [];
  for (let k = i; k <= j; k += step) items.push(LETTERS[k]!);
  return { items };
}

function numericSequence(
  beg: string,
  end: string,
  stepText: string,
  range: string,
  width: number,
): { items: string[] } | { error: string; hint?: string } {
  const from = parsePythonInt(beg);
  const to = parsePythonInt(end);
  const step = parsePythonInt(stepText);
  if (from === undefined || to === undefined || step === undefined) {
    return {
      error: `host range \`[${range}]\` mixes letters and numbers or has a bad bound`,
      hint: 'use numbers (`[01:10]`) or single letters (`[a:f]`)',
    };
  }
  if (step <= 0) return { error: `host range \`[${range}]\` needs a positive step` };
  if (from > to) return { error: `host range \`[${range}]\` has its begin after its end (it would name no host)` };
  if ((to - from) / step >= MAX_RANGE_HOSTS) return { error: `host range \`[${range}]\` names more than ${MAX_RANGE_HOSTS} hosts` };
  const items: string[] = [];
  for (let k = from; k <= to; k += step) items.push(width ? pyZfill(k, width) : String(k));
  return { items };
}

/** Python's `str(n).zfill(width)`: the sign stays in front of the zeros. */
function pyZfill(n: number, width: number): string {
  const digits = String(Math.abs(n));
  return n < 0 ? `-${digits.padStart(width - 1, '0')}` : digits.padStart(width, '0');
}
