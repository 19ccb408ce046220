/**
 * The shape of a command-line option. Every subcommand describes its options as a table of
 * these; the parser, the `--help` text and the tests all read the same table, so a flag that
 * parses is always documented and a documented flag always parses.
 */

/**
 * How an option takes values:
 * - `flag`: present or not (`--check`);
 * - `count`: how many times it was given (`-vvv` is 3);
 * - `value`: one value, the last one given wins (`--forks 10`);
 * - `list`: every value given, in order (`-i a -i b`); with `commaList` each value is also
 *   split on commas (`-t a,b -t c` is `[a, b, c]`).
 */
export type OptionKind = 'flag' | 'count' | 'value' | 'list';

/** One option of one subcommand. */
export interface OptionSpec {
  /** The property the parsed value is stored under. */
  key: string;
  /** The main long name, without dashes (`inventory`). */
  long: string;
  /** Other long names accepted for the same option (`key-file` for `private-key`). */
  aliases?: readonly string[];
  /** The one-letter name, without the dash (`i`). Case matters: `-k` is not `-K`. */
  short?: string;
  kind: OptionKind;
  /** The placeholder shown in help for the value (`INVENTORY`); options that take a value only. */
  metavar?: string;
  /** One line for `--help`. */
  help: string;
  /** The help section the option is listed under. */
  group: string;
  /** The only values allowed, for `value` options. */
  choices?: readonly string[];
  /** For `value` options holding a whole number: the smallest allowed. */
  minInteger?: number;
  /** For `list` options: split each value on commas and drop empty items. */
  commaList?: boolean;
}

/** A positional argument, for usage lines and help. */
export interface PositionalSpec {
  /** The placeholder (`PLAYBOOK`). */
  name: string;
  help: string;
  /** `one` (required), `optional` (zero or one) or `many` (one or more). */
  arity: 'one' | 'optional' | 'many';
}

/** The `-h/--help` option every subcommand has. */
export const HELP_OPTION = {
  key: 'help',
  long: 'help',
  short: 'h',
  kind: 'flag',
  group: 'options',
  help: 'show this help message and exit',
} as const satisfies OptionSpec;

/** The `-v/--verbose` option several subcommands share. */
export const VERBOSE_OPTION = {
  key: 'verbose',
  long: 'verbose',
  short: 'v',
  kind: 'count',
  group: 'options',
  help: 'print more detail; repeat for more (-vvv shows stack traces of internal errors)',
} as const satisfies OptionSpec;

/** Whether an option consumes a value. */
export function takesValue(spec: OptionSpec): boolean {
  return spec.kind === 'value' || spec.kind === 'list';
}

/** Every spelling of an option as typed on a command line (`-i`, `--inventory`, …). */
export function spellings(spec: OptionSpec): string[] {
  const names = [`--${spec.long}`, ...(spec.aliases ?? []).map((a) => `--${a}`)];
  return spec.short ? [`-${spec.short}`, ...names] : names;
}

/**
 * What an option holds once parsed: a flag a boolean, a count a number, a list its strings (both
 * always there), a value its text (one of its `choices` when it has them) or nothing.
 */
export type OptionValue<O extends OptionSpec> = KindValue<O['kind'], O>;

/** Distributes over the kind, so an option of any kind (`OptionSpec` itself) may hold any value. */
type KindValue<K extends OptionKind, O> = K extends 'flag'
  ? boolean
  : K extends 'count'
    ? number
    : K extends 'list'
      ? string[]
      : (O extends { choices: readonly (infer C)[] } ? C : string) | undefined;

/** The parsed values of `specs`, by each option's key, typed by its kind (see `parseOptions`). */
export type OptionValuesOf<S extends readonly OptionSpec[]> = { [O in S[number] as O['key']]: OptionValue<O> };

/** A subcommand: its name, what it is for, and its arguments (`S`: its options, as declared). */
export interface CommandSpec<S extends readonly OptionSpec[] = readonly OptionSpec[]> {
  name: string;
  /** One line for `certbook --help`. */
  summary: string;
  /** A short paragraph under the usage line of `certbook NAME --help`. */
  description: string;
  positionals: readonly PositionalSpec[];
  options: S;
  /** Help sections in the order they are printed (options of unknown groups come last). */
  groups: readonly string[];
  /** Extra paragraphs at the end of the help (examples, notes). */
  epilog?: string;
}
