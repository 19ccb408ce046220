/**
 * `uri`'s `url_username`/`url_password`, as Ansible's urllib handlers use them: with
 * `force_basic_auth` the `Authorization: Basic` header goes with the first request; without it,
 * only in answer to a 401 whose `WWW-Authenticate` asks for Basic (Digest is not answered).
 */
import type { StepContext } from '../step-run.js';
import type { HttpAnswer } from './http-exchange.js';

/** The credentials part of the arguments. */
export interface BasicAuthArgs {
  url_username?: string;
  url_password?: string;
  force_basic_auth: boolean;
}

/** The header value for the credentials (a secret from now on), or undefined without a user name. */
export function basicAuthorization(a: BasicAuthArgs, ctx: StepContext): string | undefined {
  if (a.url_username === undefined) return undefined;
  const token = Buffer.from(`${a.url_username}:${a.url_password ?? ''}`, 'utf8').toString('base64');
  // The base64 form shows the password to anyone who decodes it: masked like the password itself.
  ctx.secret?.(token);
  return `Basic ${token}`;
}

/** Whether `answer` asks for Basic credentials the request did not carry. */
export function asksForBasic(answer: HttpAnswer, sent: Record<string, string>): boolean {
  if (answer.status !== 401 || Object.keys(sent).some((k) => k.toLowerCase() === 'authorization')) return false;
  const challenge = answer.headers['www-authenticate'];
  return (Array.isArray(challenge) ? challenge : [challenge ?? '']).some((c) => /^\s*basic\b/i.test(c));
}
