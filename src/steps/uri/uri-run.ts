/**
 * `uri`: the request (with redirects followed as Ansible's `follow_redirects` says), the status
 * judged against `status_code`, and the result registered as Ansible's uri module registers it:
 * `status`, `url`, `redirected`, every response header lower-cased with `_` for `-`, `json` for
 * a JSON answer, `content` with `return_content`. The answer is host data: never rendered.
 */
import { HostUnreachableError } from '../../connection/errors.js';
import { failed } from '../host-ops/host-exec.js';
import type { StepContext, StepResult } from '../step-run.js';
import type { UriArgs } from '../uri.js';
import { asksForBasic, basicAuthorization } from './basic-auth.js';
import { exchange, type HttpAnswer, type HttpRequest } from './http-exchange.js';
import { clientIdentity, creationGuard, destModified, writeAnswer } from './uri-files.js';

/** Ansible's limit on redirects followed (urllib's `max_redirections`). */
const MAX_REDIRECTS = 10;

/** Runs `uri`. */
export async function runUri(a: UriArgs, ctx: StepContext): Promise<StepResult> {
  const method = a.method.toUpperCase();
  if (ctx.check && method !== 'GET' && method !== 'HEAD')
    return { changed: false, skipped: true, msg: `${method} changes things: not sent in check mode` };
  const guard = await creationGuard(a, ctx);
  if (guard !== undefined) return typeof guard === 'string' ? failed(guard, { url: a.url }) : guard;
  const first = await firstRequest(a, method, ctx);
  if (typeof first === 'string') return failed(first, { url: a.url });
  const auth = basicAuthorization(a, ctx);
  const via = a.from === 'controller' ? ctx.controller : ctx.host;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(a.timeout * 1000)]);
  let req = first;
  let answer: HttpAnswer;
  let redirected = false;
  try {
    for (let hops = 0; ; hops++) {
      answer = await exchange(via, req, signal);
      // Credentials go only where they are asked for (urllib's HTTPBasicAuthHandler), unless forced.
      if (auth !== undefined && asksForBasic(answer, req.headers)) {
        req = { ...req, headers: { ...req.headers, Authorization: auth } };
        answer = await exchange(via, req, signal);
      }
      const next = redirectOf(a, req, answer);
      if (!next || hops >= MAX_REDIRECTS) break;
      req = next;
      redirected = true;
    }
  } catch (error) {
    if (error instanceof HostUnreachableError) throw error;
    const why = signal.aborted && !ctx.signal.aborted ? `timed out after ${a.timeout} s` : (error as Error).message;
    return failed(`Status code was -1 and not ${JSON.stringify(statuses(a))}: Request failed: ${why}`, {
      url: req.url.href,
      status: -1,
      redirected,
    });
  }
  const result = judged(a, req.url, answer, redirected);
  if (a.dest === undefined || result.failed) return result;
  // 304: the file is as new as the answer (If-Modified-Since), as in Ansible.
  if (answer.status === 304) return { ...result, data: { ...result.data, path: a.dest } };
  const written = await writeAnswer(a.dest, req.url, answer, ctx);
  if (written.failed) return { ...written, data: { ...result.data, ...written.data } };
  return {
    ...result,
    changed: written.changed,
    data: { ...result.data, path: written.data?.path },
    ...(written.diff ? { diff: written.diff } : {}),
  };
}

/** The first request: the arguments, with what the host holds (client certificate, dest's age) and forced credentials. */
async function firstRequest(a: UriArgs, method: string, ctx: StepContext): Promise<HttpRequest | string> {
  const req = requestOf(a, method);
  if (typeof req === 'string') return req;
  const identity = await clientIdentity(a, ctx);
  if (typeof identity === 'string') return identity;
  if (identity) req.identity = identity;
  const has = (name: string): boolean => Object.keys(req.headers).some((k) => k.toLowerCase() === name);
  const auth = a.force_basic_auth ? basicAuthorization(a, ctx) : undefined;
  if (auth !== undefined && !has('authorization')) req.headers.Authorization = auth;
  const modified = a.dest === undefined ? undefined : await destModified(a.dest, ctx);
  if (modified && !has('if-modified-since')) req.headers['If-Modified-Since'] = modified.toUTCString();
  return req;
}

function statuses(a: UriArgs): number[] {
  return Array.isArray(a.status_code) ? a.status_code : [a.status_code];
}

function requestOf(a: UriArgs, method: string): HttpRequest | string {
  let url: URL;
  try {
    url = new URL(a.url);
  } catch {
    return `${a.url} is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${a.url}: only http and https URLs are supported`;
  const headers = Object.fromEntries(Object.entries(a.headers ?? {}).map(([k, v]) => [k, String(v)]));
  const has = (name: string): boolean => Object.keys(headers).some((k) => k.toLowerCase() === name);
  let body: Buffer | undefined;
  if (a.body !== undefined) {
    if (a.body_format === 'json') {
      body = Buffer.from(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
      if (!has('content-type')) headers['Content-Type'] = 'application/json';
    } else if (a.body_format === 'form-urlencoded') {
      const form =
        typeof a.body === 'object' && a.body !== null
          ? new URLSearchParams(Object.entries(a.body).map(([k, v]) => [k, String(v)])).toString()
          : String(a.body);
      body = Buffer.from(form);
      if (!has('content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    } else {
      if (typeof a.body !== 'string') return 'body must be text with body_format: raw (use body_format: json for a mapping or a list)';
      body = Buffer.from(a.body);
    }
  }
  return {
    url,
    method,
    headers,
    ...(body ? { body } : {}),
    validateCerts: a.validate_certs,
    ...(a.ca_path !== undefined ? { caPath: a.ca_path } : {}),
  };
}

/** The next request when `answer` is a redirect that `follow_redirects` follows. */
function redirectOf(a: UriArgs, req: HttpRequest, answer: HttpAnswer): HttpRequest | undefined {
  const location = answer.headers.location;
  if (![301, 302, 303, 307, 308].includes(answer.status) || !location || a.follow_redirects === 'none') return undefined;
  if (a.follow_redirects === 'safe' && req.method !== 'GET' && req.method !== 'HEAD') return undefined;
  const url = new URL(location, req.url);
  // As browsers and urllib: 303, and 301/302 of a POST, become a GET without a body.
  const toGet = answer.status === 303 || ((answer.status === 301 || answer.status === 302) && req.method === 'POST');
  const { body: _body, ...rest } = req;
  return toGet ? { ...rest, url, method: 'GET' } : { ...req, url };
}

function judged(a: UriArgs, url: URL, answer: HttpAnswer, redirected: boolean): StepResult {
  const data: Record<string, unknown> = { status: answer.status, url: url.href, redirected };
  for (const [name, value] of Object.entries(answer.headers))
    data[name.toLowerCase().replaceAll('-', '_')] = Array.isArray(value) ? value.join(', ') : value;
  const text = answer.body.toString('utf8');
  if (/json/i.test(String(answer.headers['content-type'] ?? '')) && text) {
    try {
      data.json = JSON.parse(text);
    } catch {
      // Not JSON after all: `content` (with return_content) still has it.
    }
  }
  if (a.return_content) data.content = text;
  const msg = `OK (${answer.headers['content-length'] ?? answer.body.length} bytes)${answer.truncated ? ', body cut' : ''}`;
  if (!statuses(a).includes(answer.status))
    return failed(`Status code was ${answer.status} and not ${JSON.stringify(statuses(a))}: ${msg}`, data);
  return { changed: false, msg, data };
}
