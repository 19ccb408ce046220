/**
 * Checks a step's arguments against its schema and its argument rules, and says what is wrong
 * the way a person would: one issue per real mistake, pointed at the argument it is about.
 *
 * Template strings: a value containing `{{` or `{%` is only known after rendering, so type and
 * value issues about it are dropped at load time (`port: "{{ api_port }}"` is fine). The runner
 * calls this same function again on the rendered arguments with `allowTemplates: false`, so a
 * template that renders to something invalid is still caught, before the step runs.
 */
import type { ErrorObject } from 'ajv';
import type { ProblemCode } from '../errors/codes.js';
import { closest } from '../errors/suggest.js';
import { compiled } from './ajv.js';
import { type ArgPath, isTemplateString, valueAt } from './arg-path.js';
import type { ArgumentSpec } from './argument-spec.js';
import { collapseAlternatives } from './collapse-alternatives.js';
import { issueFromError } from './issue-from-error.js';

/** The problem codes an argument issue can carry. */
export type ArgIssueCode = Extract<
  ProblemCode,
  'UNKNOWN_ARGUMENT' | 'MISSING_ARGUMENT' | 'WRONG_TYPE' | 'INVALID_VALUE' | 'CONFLICTING_ARGUMENTS'
>;

/** One mistake in a step's arguments. */
export interface ArgIssue {
  code: ArgIssueCode;
  /** Where inside the arguments: `['valid_at', 'soon']`; `[]` for the arguments as a whole. */
  path: ArgPath;
  /** What is wrong, without the step's name (the caller prefixes it). Never shows a secret. */
  message: string;
  /** The likely fix. */
  hint: string;
}

/** How to validate. */
export interface ValidateOptions {
  /**
   * Drop type and value issues about template strings (default true, for load time). Pass false
   * after rendering, when every value is final.
   */
  allowTemplates?: boolean;
}

/** Every issue with `args` for `step`, de-duplicated, in the order of the arguments. */
export function validateStepArgs(step: ArgumentSpec, args: unknown, options: ValidateOptions = {}): ArgIssue[] {
  const validate = compiled(step.schema);
  const issues: ArgIssue[] = [];
  if (!validate(args)) {
    for (const error of collapseAlternatives(validate.errors ?? []).filter(isOwnMistake)) {
      const issue = issueFromError({ step, args }, error);
      if (issue) issues.push(issue);
    }
  }
  issues.push(...ruleIssues(step, args));
  return polish(step, issues, args, options.allowTemplates ?? true);
}

/** An inner `propertyNames` error only repeats its outer one. */
function isOwnMistake(error: ErrorObject): boolean {
  return !error.schemaPath.includes('/propertyNames/');
}

/** The definition's `conflicts` and `requiresOneOf`, which the schema does not express. */
function ruleIssues(step: ArgumentSpec, args: unknown): ArgIssue[] {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return [];
  const given = (name: string): boolean => Object.hasOwn(args, name);
  const issues: ArgIssue[] = [];
  for (const group of step.conflicts ?? []) {
    const present = group.filter(given);
    if (present.length < 2) continue;
    issues.push({
      code: 'CONFLICTING_ARGUMENTS',
      path: [present[1]!],
      message: `${names(present, 'and')} cannot be used together`,
      hint: `keep only one of ${names(group, 'or')}`,
    });
  }
  for (const group of step.requiresOneOf ?? []) {
    if (group.some(given)) continue;
    const freeForm = step.freeForm !== undefined && group.includes(step.freeForm);
    issues.push({
      code: 'MISSING_ARGUMENT',
      path: [],
      message: `needs ${group.length === 1 ? names(group, 'or') : `one of ${names(group, 'or')}`}`,
      hint: freeForm ? `write \`${step.name}: TEXT\`, or add ${names(group, 'or')}` : `add ${names(group, 'or')}`,
    });
  }
  return issues;
}

function names(list: readonly string[], conjunction: string): string {
  const quoted = list.map((n) => `\`${n}\``);
  return quoted.length <= 2 ? quoted.join(` ${conjunction} `) : `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted.at(-1)!}`;
}

/** Drops what is not (yet) a mistake and what repeats another issue. */
function polish(step: ArgumentSpec, issues: ArgIssue[], args: unknown, allowTemplates: boolean): ArgIssue[] {
  const kept = issues.filter((issue) => !(allowTemplates && aboutTemplate(issue, args)));
  const wrongTypeAt = new Set(kept.filter((i) => i.code === 'WRONG_TYPE').map((i) => key(i.path)));
  const seen = new Set<string>();
  return inArgumentOrder(kept, args).filter((issue) => {
    if (issue.code === 'INVALID_VALUE' && wrongTypeAt.has(key(issue.path))) return false;
    if (issue.code === 'MISSING_ARGUMENT' && explainedByTypo(step, issue, kept)) return false;
    const id = `${issue.code} ${key(issue.path)} ${issue.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Issues sorted by where their argument is written; issues about the whole mapping last. */
function inArgumentOrder(issues: ArgIssue[], args: unknown): ArgIssue[] {
  const order = args !== null && typeof args === 'object' ? Object.keys(args) : [];
  const rank = (issue: ArgIssue): number => {
    const index = issue.path.length === 0 ? -1 : order.indexOf(String(issue.path[0]));
    return index === -1 ? order.length : index;
  };
  // Array.prototype.sort is stable, so issues about one argument keep ajv's order.
  return [...issues].sort((a, b) => rank(a) - rank(b));
}

function aboutTemplate(issue: ArgIssue, args: unknown): boolean {
  if (issue.code !== 'WRONG_TYPE' && issue.code !== 'INVALID_VALUE') return false;
  const last = issue.path.at(-1);
  return isTemplateString(valueAt(args, issue.path)) || isTemplateString(last);
}

/**
 * `slurp: { scr: /etc/hosts }` is one mistake, not two: when an unknown argument beside the
 * missing one is a typo or an alias of it, only the unknown argument is reported.
 */
function explainedByTypo(step: ArgumentSpec, missing: ArgIssue, issues: readonly ArgIssue[]): boolean {
  const wanted = /`([^`]+)`/g;
  const candidates = [...missing.message.matchAll(wanted)].map((m) => m[1]!);
  return issues.some((other) => {
    if (other.code !== 'UNKNOWN_ARGUMENT' || key(other.path.slice(0, -1)) !== key(missing.path)) return false;
    const typo = String(other.path.at(-1));
    const alias = missing.path.length === 0 ? step.aliases?.[typo] : undefined;
    return (alias !== undefined && candidates.includes(alias)) || closest(typo, candidates) !== undefined;
  });
}

function key(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}
