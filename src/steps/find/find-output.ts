/** Reading the output of the `find` script (see `find-script.ts` for its format). */
import { type PathFacts, parseStatFields } from '../host-ops/path-stat.js';

/** One entry find matched, with its metadata. */
export interface FoundEntry {
  path: string;
  facts: PathFacts;
}

/** Everything the script reported. */
export interface FindOutput {
  /** The host's clock, seconds since the epoch. */
  hostNow: number;
  entries: FoundEntry[];
  examined: number;
  /** Root index → why it was not searched. */
  skippedRoots: Map<number, string>;
}

const FIELDS = /[0-9a-f]+(?: \S+){11} /y;

/** Parses the script's stdout. */
export function parseFindOutput(stdout: string): FindOutput {
  const out: FindOutput = { hostNow: Date.now() / 1000, entries: [], examined: 0, skippedRoots: new Map() };
  let pos = 0;
  while (pos < stdout.length) {
    const eol = stdout.indexOf('\n', pos);
    if (eol < 0) break;
    const line = stdout.slice(pos, eol);
    pos = eol + 1;
    const [tag, first = '', ...rest] = line.split(' ');
    if (tag === '@T') out.hostNow = Number(first) || out.hostNow;
    else if (tag === '@S') out.skippedRoots.set(Number(first), rest.join(' '));
    else if (tag === '@N') out.examined += Number(first) || 0;
    else if (tag === '@M') pos = readBatch(stdout, pos, Number(first) || 0, out);
  }
  return out;
}

/** Reads one batch of matches starting at `pos`; returns where the batch ends. */
function readBatch(stdout: string, pos: number, count: number, out: FindOutput): number {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nul = stdout.indexOf('\0', pos);
    if (nul < 0) return stdout.length;
    names.push(stdout.slice(pos, nul));
    pos = nul + 1;
  }
  out.examined += count;
  const end = stdout.indexOf('\0@E\n', pos);
  const block = stdout.slice(pos, end < 0 ? stdout.length : end);
  let cursor = 0;
  for (const name of names) {
    // A name stat could not read (it vanished meanwhile) has no line: try the next name here.
    FIELDS.lastIndex = cursor;
    const m = FIELDS.exec(block);
    if (!m || !block.startsWith(`${name}\n`, cursor + m[0].length)) continue;
    const facts = parseStatFields(m[0].trimEnd());
    if (facts) out.entries.push({ path: name, facts });
    cursor += m[0].length + name.length + 1;
  }
  return end < 0 ? stdout.length : end + 4;
}

/** `find: 'path': reason` lines from stderr (GNU quotes the path, busybox does not). */
export function parseFindErrors(stderr: string): Map<string, string> {
  const errors = new Map<string, string>();
  for (const line of stderr.split('\n')) {
    const m = /^find: '?(.*?)'?: ([^:]+)$/.exec(line.trim());
    if (m) errors.set(m[1]!, m[2]!);
  }
  return errors;
}
