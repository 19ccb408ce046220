/**
 * `--help` texts, laid out like ansible-playbook's: a usage line, a paragraph, then the
 * options grouped under headings, one line per option. Generated from the same option tables
 * the parser reads, so help and parser cannot disagree.
 */

import { type CommandSpec, type OptionSpec, type PositionalSpec, spellings, takesValue } from './args/option-spec.js';
import { COMMANDS } from './args/parse-command-line.js';
import { EXIT } from './exit-codes.js';

const WIDTH = 80;
const COLUMN = 32;

/** The help of one subcommand; `extra` paragraphs (such as the built-in playbooks) go at the end. */
export function renderCommandHelp(spec: CommandSpec, extra: readonly string[] = []): string {
  const out = [usageLine(spec), '', ...wrap(spec.description, WIDTH, '')];
  if (spec.positionals.length > 0) {
    out.push('', 'positional arguments:', ...spec.positionals.map((p) => row(p.name, p.help)));
  }
  for (const group of orderedGroups(spec)) {
    out.push('', `${group}:`, ...spec.options.filter((o) => o.group === group).map(optionRow));
  }
  for (const paragraph of [...(spec.epilog ? [spec.epilog] : []), ...extra]) out.push('', ...paragraph.split('\n'));
  return `${out.join('\n')}\n`;
}

/** `usage: certbook NAME [options] POSITIONALS`. */
export function usageLine(spec: CommandSpec): string {
  const positionals = spec.positionals.map(positionalUsage).join(' ');
  return `usage: certbook ${spec.name} [options]${positionals ? ` ${positionals}` : ''}`;
}

/** `certbook --help`: every command and the exit codes. */
export function renderOverview(): string {
  const out = [
    'usage: certbook COMMAND [options] [arguments]',
    '',
    ...wrap(
      'certbook runs Ansible-style YAML playbooks over SSH. Every step argument is checked against its ' +
        'schema before any host is contacted.',
      WIDTH,
      '',
    ),
    '',
    'commands:',
    ...COMMANDS.map((c) => row(c.name, c.summary)),
    '',
    'options:',
    row('-h, --help', 'show this help message and exit'),
    row('--version', "show certbook's version and exit"),
    '',
    'exit codes:',
    ...EXIT_CODE_LINES.map(([code, meaning]) => row(String(code), meaning)),
    '',
    'Run `certbook COMMAND --help` for the options of a command.',
  ];
  return `${out.join('\n')}\n`;
}

const EXIT_CODE_LINES: ReadonlyArray<readonly [number, string]> = [
  [EXIT.OK, 'everything asked for was done'],
  [EXIT.ERROR, 'an error'],
  [EXIT.HOSTS_FAILED, 'one or more hosts failed'],
  [EXIT.HOSTS_UNREACHABLE, 'one or more hosts were unreachable'],
  [EXIT.LOAD_FAILED, 'a playbook, inventory or vars file could not be parsed or validated'],
  [EXIT.BAD_OPTIONS, 'bad command-line options'],
  [EXIT.INTERRUPTED, 'interrupted by the user'],
  [EXIT.INTERNAL_ERROR, 'unexpected internal error (a bug: please report it)'],
];

function orderedGroups(spec: CommandSpec): string[] {
  const present = [...new Set(spec.options.map((o) => o.group))];
  return [...spec.groups.filter((g) => present.includes(g)), ...present.filter((g) => !spec.groups.includes(g))];
}

function optionRow(option: OptionSpec): string {
  const names = spellings(option).join(', ');
  if (!takesValue(option)) return row(names, option.help);
  const metavar = option.choices ? `{${option.choices.join(',')}}` : (option.metavar ?? 'VALUE');
  return row(`${names} ${metavar}`, option.help);
}

function positionalUsage(p: PositionalSpec): string {
  if (p.arity === 'optional') return `[${p.name}]`;
  if (p.arity === 'many') return `${p.name} [${p.name} ...]`;
  return p.name;
}

/** `  left    help`, the help starting at a fixed column (or two spaces after a long left part). */
function row(left: string, help: string): string {
  const head = `  ${left}`;
  return head.length + 2 <= COLUMN ? `${head.padEnd(COLUMN)}${help}` : `${head}  ${help}`;
}

function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent;
    }
    line += line.trim() === '' ? word : ` ${word}`;
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}
