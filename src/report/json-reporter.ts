/**
 * `--renderer json`: the run as a stream of JSON lines on stdout, one event per line, for
 * programs that drive certbook (`certbook run … --renderer json | jq`).
 */

import type { Secrets } from '../events/redact.js';
import type { RunListener } from '../events/run-events.js';
import { eventLine } from './json-lines.js';

/** Where the JSON lines go. */
export interface JsonReporterOptions {
  /** Receives each line, newline included. */
  write: (line: string) => void;
  /** Secret values to mask (a live set is read at each event). */
  secrets?: Secrets;
  /** The clock stamped into each line's `time` (tests pin it). */
  now?: () => Date;
}

/** Creates a listener that writes every event as one JSON line. */
export function createJsonReporter(options: JsonReporterOptions): RunListener {
  const now = options.now ?? (() => new Date());
  return (event) => options.write(eventLine(event, options.secrets ?? [], now()));
}
