/**
 * One run event as one line of JSON: the form both `--renderer json` (stdout) and `--events
 * FILE.jsonl` write. Secrets are masked in values and keys, and characters a terminal would
 * interpret are written as `\uXXXX` escapes, so a `tail -f` of the file is as safe as the
 * plain output; the line still parses to the same data.
 */

import { redactValue, type Secrets } from '../events/redact.js';
import type { RunEvent } from '../events/run-events.js';
import { escapeControls } from './safe-text.js';

/** Serialises `event` (plus the time it was written, `time`) as one JSON line ending in `\n`. */
export function eventLine(event: RunEvent, secrets: Secrets, time: Date): string {
  const json = JSON.stringify({ ...redactValue(event, secrets), time: time.toISOString() }, safeJsonValue);
  return `${escapeControls(json, { keepNewlines: false, keepTabs: false })}\n`;
}

/** JSON has no undefined, NaN, Infinity or bigint; show them rather than lose or crash on them. */
function safeJsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
