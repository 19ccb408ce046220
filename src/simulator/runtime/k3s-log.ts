/**
 * The node's log (`run/k3s.log`, what `journalctl -u k3s` would show) in k3s's logrus format:
 * `time="2026-11-28T20:00:00Z" level=info msg="…"`. Lines the rules already wrote in that
 * format are kept as they are.
 */
import { appendFileSync } from 'node:fs';

/** Appends `lines` to `file`, formatting plain lines as k3s does. */
export function appendK3sLog(
  file: string,
  lines: readonly string[],
  level: 'debug' | 'info' | 'warning' | 'error' | 'fatal' = 'info',
  now = new Date(),
): void {
  if (lines.length === 0) return;
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const text = `${lines.map((l) => (/^time="/.test(l) ? l : `time="${time}" level=${level} msg=${JSON.stringify(l)}`)).join('\n')}\n`;
  try {
    appendFileSync(file, text);
  } catch {
    // A log that cannot be written must not take the node down.
  }
}

/** Flushes the not-yet-written tail of a rules log array to `file`; returns the new position. */
export function flushLog(file: string, log: readonly string[], written: number): number {
  if (log.length > written) appendK3sLog(file, log.slice(written));
  return log.length;
}
