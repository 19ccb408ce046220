/**
 * URL checks from the host's side: the TCP connection is opened from the host (`forwardTcp`),
 * TLS and HTTP run on the controller over it. So `https://127.0.0.1:6443/ping` reaches the
 * host's own API server, nothing is needed on the host, and an expired certificate still
 * answers unless `validate_certs` is set.
 */
import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import { HostUnreachableError } from '../../connection/errors.js';
import { searchGroups } from '../host-ops/python-pattern.js';
import { startTls } from '../host-ops/tls-over-stream.js';
import type { StepContext } from '../step-run.js';
import type { CheckOutcome } from './poll.js';
import { within } from './poll.js';

/** The most of a response body read (for `search_regex`). */
const BODY_LIMIT = 1024 * 1024;

/** What one request returned. */
interface Answer {
  status: number;
  body: string;
}

/** Options of a URL check. */
export interface UrlCheck {
  url: URL;
  statuses: readonly number[];
  regex?: RegExp;
  validateCerts: boolean;
  /** true: wait for an answer; false: wait until there is none. */
  wantAnswer: boolean;
}

/** One attempt at the URL, bounded by `budgetMs`. */
export async function checkUrl(ctx: StepContext, c: UrlCheck, budgetMs: number): Promise<CheckOutcome> {
  let answer: Answer;
  const attempt = new AbortController();
  try {
    answer = await within(fetchOnce(ctx, c, attempt.signal), budgetMs, c.url.host);
  } catch (error) {
    if (error instanceof HostUnreachableError) throw error;
    const note = (error as Error).message;
    return c.wantAnswer ? { done: false, note } : { done: true };
  } finally {
    attempt.abort(); // a late connection or answer is closed, not left open
  }
  if (!c.wantAnswer) return { done: false, note: `${c.url.href} still answers (${answer.status})` };
  if (!c.statuses.includes(answer.status))
    return { done: false, note: `${c.url.href} answered ${answer.status}`, data: { status: answer.status } };
  if (!c.regex) return { done: true, data: { status: answer.status } };
  const groups = searchGroups(c.regex, answer.body);
  if (groups && 'error' in groups) return { done: false, fatal: groups.error, data: { status: answer.status } };
  if (!groups) return { done: false, note: `the answer of ${c.url.href} does not match search_regex yet`, data: { status: answer.status } };
  return { done: true, data: { status: answer.status, ...groups } };
}

/** Opens the connection from the host, then TLS (for https) and one GET. */
async function fetchOnce(ctx: StepContext, c: UrlCheck, signal: AbortSignal): Promise<Answer> {
  const host = c.url.hostname.replace(/^\[(.*)\]$/, '$1');
  const https = c.url.protocol === 'https:';
  const port = Number(c.url.port) || (https ? 443 : 80);
  let socket: Duplex = await ctx.host.forwardTcp(host, port);
  const raw = socket;
  if (signal.aborted) raw.destroy();
  signal.addEventListener('abort', () => raw.destroy(), { once: true });
  try {
    if (https) socket = await startTls(socket, host, { validate: c.validateCerts });
    return await get(socket, c.url);
  } finally {
    socket.destroy();
  }
}

function get(socket: Duplex, url: URL): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        createConnection: () => socket,
        method: 'GET',
        path: `${url.pathname}${url.search}`,
        headers: { Host: url.host, Connection: 'close' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < BODY_LIMIT) chunks.push(chunk.subarray(0, BODY_LIMIT - size));
          size += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
