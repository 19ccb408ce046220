/**
 * `uri`'s paths on the host, where Ansible's module runs: `creates`/`removes` (checked before
 * anything is sent), `client_cert`/`client_key` (read with the task's become), and `dest` (the
 * answer written like `copy` writes `content`, with `If-Modified-Since` from the file it replaces).
 */
import { shellQuote } from '../../connection/shell-quote.js';
import { runCopy } from '../copy/copy-run.js';
import { execOnHost, scriptFailure } from '../host-ops/host-exec.js';
import type { StepContext, StepResult } from '../step-run.js';
import type { HttpAnswer } from './http-exchange.js';

/** The largest client certificate or key file read. */
const PEM_LIMIT = 1024 * 1024;

/** Ansible's answer when `creates` exists or `removes` does not: nothing is sent. */
export async function creationGuard(a: { creates?: string; removes?: string }, ctx: StepContext): Promise<StepResult | string | undefined> {
  if (a.creates === undefined && a.removes === undefined) return undefined;
  const test = (p: string | undefined, flag: string): string =>
    p === undefined ? 'echo -' : `if [ -e ${shellQuote(p)} ]; then echo ${flag}; else echo -; fi`;
  const r = await execOnHost(ctx, `${test(a.creates, 'C')}; ${test(a.removes, 'R')}`);
  const problem = scriptFailure(r, 'cannot look for creates/removes');
  if (problem) return problem;
  const [created, removable] = r.stdout.split('\n');
  if (a.creates !== undefined && created === 'C') return { changed: false, data: { stdout: `skipped, since '${a.creates}' exists` } };
  if (a.removes !== undefined && removable !== 'R')
    return { changed: false, data: { stdout: `skipped, since '${a.removes}' does not exist` } };
  return undefined;
}

/** The client certificate and key (PEM text) from the host; the key defaults to the certificate file (which may hold both). */
export async function clientIdentity(
  a: { client_cert?: string; client_key?: string },
  ctx: StepContext,
): Promise<{ cert: string; key: string } | string | undefined> {
  if (a.client_cert === undefined) return a.client_key === undefined ? undefined : 'client_key needs client_cert';
  try {
    const read = (path: string): Promise<Buffer> =>
      ctx.host.readFile(path, { maxBytes: PEM_LIMIT, ...(ctx.become ? { become: ctx.become } : {}) });
    const cert = (await read(a.client_cert)).toString('utf8');
    const key = a.client_key === undefined ? cert : (await read(a.client_key)).toString('utf8');
    return { cert, key };
  } catch (error) {
    if (error instanceof Error && error.name === 'RemoteFileError') return `cannot read the client certificate or key: ${error.message}`;
    throw error;
  }
}

/** `dest` as a file to compare against: its modification time for `If-Modified-Since`, when it is a regular file. */
export async function destModified(dest: string, ctx: StepContext): Promise<Date | undefined> {
  const r = await execOnHost(ctx, `d=${shellQuote(dest)}; if [ -f "$d" ] && [ ! -d "$d" ]; then stat -c %Y -- "$d"; fi`);
  const seconds = Number.parseInt(r.stdout.trim(), 10);
  return r.rc === 0 && Number.isFinite(seconds) ? new Date(seconds * 1000) : undefined;
}

/** Writes the answer to `dest` (a directory gets the answer's file name); the path and whether it changed. */
export async function writeAnswer(dest: string, url: URL, answer: HttpAnswer, ctx: StepContext): Promise<StepResult> {
  if (answer.truncated)
    return {
      changed: false,
      failed: true,
      msg: `the answer is larger than the ${answer.body.length} bytes uri keeps; not written to ${dest}`,
    };
  const isDir = await execOnHost(ctx, `[ -d ${shellQuote(dest)} ]`);
  const path = isDir.rc === 0 ? `${dest.replace(/\/+$/, '')}/${answerFileName(url, answer)}` : dest;
  const written = await runCopy({ dest: path, content: answer.body, remote_src: false, force: true, backup: false }, ctx);
  return { ...written, data: { ...written.data, path } };
}

/** Ansible's `get_response_filename`: Content-Disposition's filename, else the URL's last segment, else index.html. */
function answerFileName(url: URL, answer: HttpAnswer): string {
  const disposition = String(answer.headers['content-disposition'] ?? '');
  const named = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const last = decodeURIComponent(url.pathname.replace(/\/+$/, '').split('/').pop() ?? '');
  // Never a path: a hostile server must not pick where the file goes.
  const name = (named ?? last).split('/').pop() ?? '';
  return name && name !== '.' && name !== '..' ? name : 'index.html';
}
