/**
 * One `-e/--extra-vars` value, classified and parsed the way ansible-playbook's
 * `load_extra_vars` does: `@file` names a YAML/JSON file, text starting with `{` or `[` is
 * YAML, anything else is `key=value` words (values stay strings). Unlike Ansible, words that
 * are not `key=value` and keys that cannot be variable names are errors, not silently kept.
 */
import { ProblemList } from '../../errors/problem.js';
import { parseKv, SplitArgsError } from '../../playbook/split-args.js';
import { parseSource } from '../../yaml/source-file.js';
import { badOption, type CliProblem } from './cli-problem.js';

/** How an `-e` value was written. */
export type ExtraVarsForm = 'key=value' | 'yaml' | 'file';

/** A parsed `-e` value: inline variables now, or a file to read when the command runs. */
export type ExtraVarsArg =
  | { form: 'key=value' | 'yaml' /** 1-based among the `-e` given. */; index: number; vars: Record<string, unknown> }
  | { form: 'file'; index: number /** The path after `@`, as typed. */; path: string };

/** A variable name usable in templates (what Ansible's `isidentifier` accepts, ASCII only). */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses the `index`-th `-e` value. Messages never quote the value itself: extra vars are
 * where people pass passwords.
 */
export function parseExtraVarsArg(text: string, index: number): ExtraVarsArg | CliProblem | undefined {
  const shown = `-e #${index}`;
  // Ansible skips empty values.
  if (text === '') return undefined;
  if (text.startsWith('@')) {
    const path = text.slice(1);
    if (path === '') return badOption(shown, `${shown} is \`@\` without a file name`, 'write -e @vars.yaml');
    return { form: 'file', index, path };
  }
  if (text.startsWith('/') || text.startsWith('.')) {
    return badOption(
      shown,
      `${shown} looks like a file name but does not start with \`@\``,
      'prepend the file name with @, as in -e @vars.yaml',
    );
  }
  const yaml = text.startsWith('{') || text.startsWith('[');
  const parsed = yaml ? parseInlineYaml(text, shown) : parseKeyValues(text, shown);
  if ('problem' in parsed) return parsed.problem;
  const bad = Object.keys(parsed.vars).find((key) => !VARIABLE_NAME.test(key));
  if (bad !== undefined) {
    return badOption(
      shown,
      `${shown} sets \`${bad}\`, which is not a valid variable name`,
      'use letters, digits and underscores, not starting with a digit',
    );
  }
  return { form: yaml ? 'yaml' : 'key=value', index, vars: parsed.vars };
}

type Parsed = { vars: Record<string, unknown> } | { problem: CliProblem };

function parseKeyValues(text: string, shown: string): Parsed {
  try {
    const { pairs, rawWords } = parseKv(text);
    if (rawWords.length > 0) {
      return {
        problem: badOption(
          shown,
          `${shown} has ${rawWords.length} word${rawWords.length === 1 ? '' : 's'} that ${rawWords.length === 1 ? 'is' : 'are'} not key=value`,
          'write key=value pairs separated by spaces, quote values with spaces (k="a b"), or pass YAML starting with {',
        ),
      };
    }
    return { vars: pairs };
  } catch (error) {
    if (!(error instanceof SplitArgsError)) throw error;
    return {
      problem: badOption(
        shown,
        `${shown} could not be split into key=value pairs: ${error.message}`,
        'check that every quote and {{ }} is closed',
      ),
    };
  }
}

function parseInlineYaml(text: string, shown: string): Parsed {
  const problems = new ProblemList();
  const source = parseSource(shown, text, problems);
  const value = source?.toJS(problems);
  const first = problems.items[0];
  if (first) {
    const where = first.pos ? ` at column ${first.pos.col}${first.pos.line > 1 ? ` of line ${first.pos.line}` : ''}` : '';
    return {
      problem: badOption(
        shown,
        `${shown} is not valid YAML${where}: ${first.message}`,
        'check that brackets and quotes are balanced (JSON works too)',
      ),
    };
  }
  if (!isMapping(value)) {
    return { problem: badOption(shown, `${shown} is YAML but not a mapping of variables`, 'write it as {"name": value, …}') };
  }
  return { vars: value };
}

/** Whether a value is a plain mapping (what extra vars must be). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
