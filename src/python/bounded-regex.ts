/**
 * Regular expressions run with a time limit. JavaScript's engine backtracks, so a pattern such as
 * `(a+)+$` takes exponential time on `aaaa…!`: 30 characters hold the event loop for minutes,
 * and while it is held nothing else happens, not even the SIGTERM handler. JavaScript has no
 * regex timeout and no way to stop a regex in progress on the main thread, so every match runs
 * on a worker thread that the main thread waits for synchronously (the callers are synchronous:
 * template filters and tests), at most {@link REGEX_TIME_LIMIT_MS}. A match that takes longer is
 * stopped by terminating the worker (a fresh one serves the next call) and the caller gets a
 * {@link RegexTimeLimitError}. A linear-time engine (RE2) was the alternative: it cannot run
 * backreferences and lookarounds, which Python patterns may use, and needs a native build.
 *
 * A call costs a message each way (about 0.1 ms); the worker starts on first use (once per
 * process). Should it fail to start, matching runs inline, unbounded, as before. Patterns that
 * cannot backtrack badly run inline on texts up to 1 KB (linear-pattern.ts): at fleet scale the
 * round trips cost more than those matches.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { INLINE_TEXT_LIMIT, isInlineSafe } from './linear-pattern.js';
import { MISS, memoKey, recall, remember } from './regex-memo.js';

/** How long one match (one search, findall or substitution over one text) may take. */
export const REGEX_TIME_LIMIT_MS = 2000;

/** How long the worker may take to start (on a loaded machine), before matching falls back to inline. */
const START_LIMIT_MS = 60_000;

/** A match took longer than {@link REGEX_TIME_LIMIT_MS} and was stopped. */
export class RegexTimeLimitError extends Error {
  constructor(
    readonly source: string,
    readonly textLength: number,
  ) {
    super(
      `the regular expression /${source}/ ran longer than ${REGEX_TIME_LIMIT_MS / 1000} s on a ${textLength}-character text and was stopped ` +
        '(catastrophic backtracking: a quantifier inside a quantified group, such as (a+)+ or (a|aa)*, tries exponentially many ways to fail; ' +
        'make the repeated parts unable to match the same text, e.g. a+ instead of (a+)+)',
    );
    this.name = 'RegexTimeLimitError';
  }
}

/** A match: the whole match and its groups (undefined for a group that did not take part). */
export interface RegexMatch {
  all: Array<string | undefined>;
  index: number;
  groups?: Record<string, string | undefined>;
}

/** A piece of a substitution: text, a group number, or a group name. */
export type SubPiece = string | number | { name: string };

/** Thrown (inside the worker, passed on here) when a replacement names a group the pattern lacks. */
export class UnknownGroupError extends Error {}

type Request =
  | { op: 'exec'; regex: RegExp; text: string }
  | { op: 'all'; regex: RegExp; text: string }
  | { op: 'sub'; regex: RegExp; text: string; pieces: SubPiece[]; count: number };

type Reply = { value: unknown } | { error: string; unknownGroup?: boolean };

/** The first match of `regex` in `text` (from the start, whatever its lastIndex), or null. */
export function boundedExec(regex: RegExp, text: string): RegexMatch | null {
  return run({ op: 'exec', regex, text }) as RegexMatch | null;
}

/** Every match of `regex` (made global) in `text`, as arrays of the match and its groups. */
export function boundedMatchAll(regex: RegExp, text: string): Array<Array<string | undefined>> {
  return run({ op: 'all', regex, text }) as Array<Array<string | undefined>>;
}

/** `text` with the first `count` matches (0: all) replaced by `pieces`; throws UnknownGroupError. */
export function boundedSub(regex: RegExp, pieces: SubPiece[], text: string, count: number): string {
  return run({ op: 'sub', regex, text, pieces, count }) as string;
}

function run(request: Request): unknown {
  const key = memoKey(request.op, request.regex, request.text, request.op === 'sub' ? JSON.stringify([request.pieces, request.count]) : '');
  if (key !== undefined) {
    const kept = recall(key);
    if (kept !== MISS) return kept;
  }
  // Patterns that cannot backtrack badly, on short texts, need no worker (linear-pattern.ts).
  const inline = request.text.length <= INLINE_TEXT_LIMIT && !request.regex.flags.includes('v') && isInlineSafe(request.regex.source);
  const reply = inline ? perform(request) : matcher().call(request);
  if ('value' in reply) {
    if (key !== undefined) remember(key, reply.value);
    return reply.value;
  }
  if (reply.unknownGroup) throw new UnknownGroupError(reply.error);
  throw new Error(reply.error);
}

/** The matching itself: run in the worker (below, as source text) and, as a fallback, inline. */
function perform(request: Request): Reply {
  const { regex, text } = request;
  try {
    if (request.op === 'exec') {
      const once = new RegExp(regex.source, regex.flags.replace('g', ''));
      const m = once.exec(text);
      return { value: m && { all: [...m], index: m.index, ...(m.groups ? { groups: { ...m.groups } } : {}) } };
    }
    const global = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
    if (request.op === 'all') return { value: [...text.matchAll(global)].map((m) => [...m]) };
    let done = 0;
    const value = text.replace(global, (...match: unknown[]) => {
      if (request.count > 0 && done >= request.count) return match[0] as string;
      done++;
      const groups = match.at(-1);
      const named = typeof groups === 'object' && groups !== null ? (groups as Record<string, string | undefined>) : {};
      return request.pieces
        .map((p) => {
          if (typeof p === 'string') return p;
          if (typeof p === 'number') return (match[p] as string | undefined) ?? '';
          if (!Object.hasOwn(named, p.name)) throw Object.assign(new Error(`unknown group name '${p.name}'`), { unknownGroup: true });
          return named[p.name] ?? '';
        })
        .join('');
    });
    return { value };
  } catch (error) {
    return {
      error: error instanceof Error ? error.message : String(error),
      ...((error as { unknownGroup?: boolean }).unknownGroup ? { unknownGroup: true } : {}),
    };
  }
}

/**
 * The worker: `perform` on each request, the reply posted, then the main thread woken. `perform`
 * travels as its source text, so it must use nothing from outside its own body. The worker says
 * it is ready (flag 1) only once `perform` has worked on a sample (2: it did not: matching
 * stays inline).
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const flags = new Int32Array(workerData.shared);
let ready = 2;
try {
  const perform = ${perform.toString()};
  const sample = perform({ op: 'sub', regex: /(?<x>b)/, text: 'abc', pieces: ['[', { name: 'x' }, ']'], count: 0 });
  if (sample.value === 'a[b]c') {
    workerData.port.on('message', (request) => {
      workerData.port.postMessage(perform(request));
      Atomics.store(flags, 0, 1);
      Atomics.notify(flags, 0);
    });
    ready = 1;
  }
} finally {
  Atomics.store(flags, 1, ready);
  Atomics.notify(flags, 1);
}
`;

interface Matcher {
  call(request: Request): Reply;
}

let current: Matcher | undefined;
/** A worker started ahead of its first match ({@link prestartRegexWorker}), not yet waited for. */
let starting: Spawned | undefined;

function matcher(): Matcher {
  if (!current) {
    const spawned = starting ?? spawnWorker();
    starting = undefined;
    current = (spawned && ready(spawned)) ?? { call: perform };
  }
  return current;
}

/**
 * Starts the matching worker now without waiting for it: a worker takes ~150-200 ms to boot,
 * which the first regex filter of a run used to wait for on the main thread. Started at the
 * beginning of a run, it boots on another core while the run connects to its hosts.
 */
export function prestartRegexWorker(): void {
  if (!current && !starting) starting = spawnWorker();
}

interface Spawned {
  worker: Worker;
  flags: Int32Array;
  port: MessagePort;
}

/** Creates the worker; undefined when workers cannot be made here. */
function spawnWorker(): Spawned | undefined {
  const shared = new SharedArrayBuffer(8);
  const flags = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { shared, port: port2 }, transferList: [port2] });
  } catch {
    return undefined;
  }
  // The worker never keeps certbook alive, and its death is seen as a missing reply.
  worker.unref();
  port1.unref();
  worker.on('error', () => undefined);
  return { worker, flags, port: port1 as MessagePort };
}

/** Waits until the worker listens; undefined when it does not. */
function ready({ worker, flags, port: port1 }: Spawned): Matcher | undefined {
  Atomics.wait(flags, 1, 0, START_LIMIT_MS);
  if (Atomics.load(flags, 1) !== 1) {
    void worker.terminate();
    return undefined;
  }
  return {
    call: (request) => {
      Atomics.store(flags, 0, 0);
      port1.postMessage(request);
      Atomics.wait(flags, 0, 0, REGEX_TIME_LIMIT_MS);
      const reply = receiveMessageOnPort(port1);
      if (reply) return reply.message as Reply;
      // Still matching: stop it; the next call starts a fresh worker.
      void worker.terminate();
      port1.close();
      current = undefined;
      throw new RegexTimeLimitError(request.regex.source, request.text.length);
    },
  };
}
