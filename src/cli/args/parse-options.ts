/**
 * The generic option parser every subcommand uses. `node:util` `parseArgs` splits the words
 * (it already handles `--opt=value`, `--opt value`, `-f5`, `-Cv`, `-vvv` and `--`); this
 * module then walks its tokens against an {@link OptionSpec} table, so unknown options get a
 * did-you-mean, values are checked, and nothing is thrown: every problem is collected.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { didYouMean } from '../../errors/suggest.js';
import { badOption, type CliProblem } from './cli-problem.js';
import { type OptionSpec, type OptionValuesOf, spellings, takesValue } from './option-spec.js';

/** Option values by key: boolean for flags, number for counts, string for values, string[] for lists. */
export type OptionValues = Record<string, boolean | number | string | string[] | undefined>;

/** What {@link parseOptions} found; `values` typed by the option specs it was given. */
export interface ParsedOptions<S extends readonly OptionSpec[] = readonly OptionSpec[]> {
  values: OptionValuesOf<S>;
  positionals: string[];
  /** For each list option, the argv index of each value, so callers can report "the 2nd -e". */
  order: Record<string, number[]>;
  problems: CliProblem[];
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];
type OptionToken = Extract<Token, { kind: 'option' }>;

/**
 * Parses `argv` (the words after the subcommand) against `specs`. `unsupported` maps options
 * certbook deliberately lacks (`--step`) to what to do instead, used in place of a did-you-mean.
 */
export function parseOptions<const S extends readonly OptionSpec[]>(
  argv: readonly string[],
  specs: S,
  unsupported: Readonly<Record<string, string>> = {},
): ParsedOptions<S> {
  const byName = new Map<string, OptionSpec>();
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const spec of specs) {
    for (const name of [spec.long, ...(spec.aliases ?? [])]) {
      byName.set(name, spec);
      config[name] = { type: takesValue(spec) ? 'string' : 'boolean', multiple: true };
    }
    if (spec.short) config[spec.long]!.short = spec.short;
  }
  const { tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  const parsed: Untyped = { values: initialValues(specs), positionals: [], order: {}, problems: [] };
  const known = specs.flatMap(spellings);
  for (const token of tokens) {
    if (token.kind === 'positional') parsed.positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = byName.get(token.name);
    if (spec) takeToken(parsed, spec, token);
    else if (Object.hasOwn(unsupported, token.rawName)) {
      parsed.problems.push(badOption(token.rawName, `${token.rawName} is not supported by certbook`, unsupported[token.rawName]));
    } else {
      parsed.problems.push(badOption(token.rawName, `unknown option ${token.rawName}`, didYouMean(token.rawName, known)));
    }
  }
  return parsed as unknown as ParsedOptions<S>;
}

/** The values while they are being filled in. */
type Untyped = Omit<ParsedOptions, 'values'> & { values: OptionValues };

function initialValues(specs: readonly OptionSpec[]): OptionValues {
  const values: OptionValues = {};
  for (const spec of specs) {
    values[spec.key] = spec.kind === 'flag' ? false : spec.kind === 'count' ? 0 : spec.kind === 'list' ? [] : undefined;
  }
  return values;
}

function takeToken(parsed: Untyped, spec: OptionSpec, token: OptionToken): void {
  const shown = token.rawName;
  if (!takesValue(spec)) {
    if (token.value !== undefined) {
      parsed.problems.push(badOption(shown, `${shown} takes no value`, `write ${shown} alone`));
    } else if (spec.kind === 'count') {
      parsed.values[spec.key] = (parsed.values[spec.key] as number) + 1;
    } else {
      parsed.values[spec.key] = true;
    }
    return;
  }
  const value = token.value;
  if (value === undefined || (!token.inlineValue && looksLikeOption(value))) {
    const hint = value === undefined ? undefined : `if the value really starts with a dash, write --${spec.long}=${value}`;
    parsed.problems.push(badOption(shown, `${shown} expects a value (${spec.metavar ?? 'VALUE'})`, hint));
    return;
  }
  const problem = checkValue(spec, shown, value);
  if (problem) {
    parsed.problems.push(problem);
    return;
  }
  if (spec.kind === 'value') {
    // As with argparse, a repeated single-value option keeps the last value.
    parsed.values[spec.key] = value;
    return;
  }
  const items = spec.commaList
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : [value];
  (parsed.values[spec.key] as string[]).push(...items);
  const order = parsed.order[spec.key] ?? [];
  order.push(token.index);
  parsed.order[spec.key] = order;
}

/**
 * The argparse rule: a separate word starting with a dash is the next option, not a value,
 * unless it is a negative number or contains a space (`--ssh-common-args "-o X=y"`).
 */
function looksLikeOption(value: string): boolean {
  return value.length > 1 && value.startsWith('-') && !/^-\d/.test(value) && !value.includes(' ');
}

function checkValue(spec: OptionSpec, shown: string, value: string): CliProblem | undefined {
  if (spec.choices && !spec.choices.includes(value)) {
    const choices = spec.choices.join(', ');
    return badOption(
      shown,
      `${shown} must be one of ${choices}, got \`${value}\``,
      didYouMean(value, spec.choices) ?? `choose one of ${choices}`,
    );
  }
  if (spec.minInteger !== undefined) {
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < spec.minInteger) {
      return badOption(shown, `${shown} expects a whole number of at least ${spec.minInteger}, got \`${value}\``);
    }
  }
  return undefined;
}
