/**
 * What ansible-playbook's default callback shows of a result, and how: the same fields removed
 * (`failed`/`skipped` are the line's status, `_ansible_*` is internal, `invocation` and `diff`
 * only from -vvv), `debug` trimmed to what it prints, and the same JSON (sorted keys, one line,
 * or indented by 4 for `debug` and from -vvv).
 */

import { isCensored } from '../events/redact.js';
import { pythonJson } from '../python/python-values.js';

/** The step whose results Ansible always shows in full and trims to the message (`debug`). */
const DEBUG_STEP = 'debug';
/** Keys a debug result with `msg` keeps (Ansible's `_DEBUG_ALLOWED_KEYS`). */
const DEBUG_ALLOWED = new Set(['msg', 'exception', 'warnings', 'deprecations']);
/** Keys a debug result with `var` drops (Ansible's `_hide_in_debug`). */
const DEBUG_HIDDEN = ['changed', 'failed', 'skipped', 'invocation', 'skip_reason'];

/** Who produced a result and how it ended, which decides how it is shown. */
export interface ResultContext {
  step: string;
  /** The step ran to a result (ok, changed or failed), rather than being skipped before running. */
  ran: boolean;
  verbosity: number;
}

/** Whether the result is shown after ` => ` at all (-v, or always for `debug`). */
export function isVerbose(result: Record<string, unknown>, ctx: ResultContext): boolean {
  if (result._ansible_verbose_override === true) return false;
  return ctx.verbosity > 0 || verboseAlways(result, ctx);
}

function verboseAlways(result: Record<string, unknown>, ctx: ResultContext): boolean {
  return result._ansible_verbose_always === true || (ctx.step === DEBUG_STEP && ctx.ran && !isCensored(result));
}

/** The result as Ansible's `_dump_results` serialises it (the text after ` => `). */
export function dumpResult(result: Record<string, unknown>, ctx: ResultContext): string {
  const indent = verboseAlways(result, ctx) || ctx.verbosity > 2 ? 4 : undefined;
  return pythonJson(displayedFields(result, ctx), indent);
}

/** The fields a reader sees: status keys, internals, warnings and (below -vvv) invocation and diff removed. */
export function displayedFields(result: Record<string, unknown>, ctx: ResultContext): Record<string, unknown> {
  const shown: Record<string, unknown> = stripInternal(result);
  for (const key of ['failed', 'skipped', 'exception', 'warnings', 'deprecations']) delete shown[key];
  if (ctx.verbosity < 3) {
    delete shown.invocation;
    delete shown.diff;
  }
  if (ctx.step === DEBUG_STEP && !isCensored(result)) trimDebug(shown, result);
  return shown;
}

/** `_clean_results` for debug: a message alone, or the variable without the bookkeeping. */
function trimDebug(shown: Record<string, unknown>, original: Record<string, unknown>): void {
  if ('msg' in original) {
    for (const key of Object.keys(shown)) if (!DEBUG_ALLOWED.has(key) && !key.startsWith('_')) delete shown[key];
  } else {
    for (const key of DEBUG_HIDDEN) delete shown[key];
  }
}

/** Ansible's `strip_internal_keys`: `_ansible_*` keys removed from the result and nested mappings. */
function stripInternal(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('_ansible_')) continue;
    out[key] =
      v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
        ? stripInternal(v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** The warnings a result carries (`warnings: [...]`), shown as `[WARNING]:` lines before it. */
export function resultWarnings(result: Record<string, unknown>): string[] {
  const list = result.warnings;
  return Array.isArray(list) ? list.map((w) => (typeof w === 'string' ? w : pythonJson(w))) : [];
}

/** `h1`, or `h1 -> other` when the task ran delegated elsewhere (Ansible's `host_label`). */
export function hostLabel(host: string, delegatedTo: string | undefined): string {
  return delegatedTo !== undefined && delegatedTo !== host ? `${host} -> ${delegatedTo}` : host;
}

/** A warning's text as every reporter shows it: prefixed with `[host]: ` when it is about one host. */
export function warningText(event: { message: string; host?: string }): string {
  return event.host === undefined ? event.message : `[${event.host}]: ${event.message}`;
}
