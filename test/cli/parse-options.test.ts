import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type OptionSpec, spellings, takesValue } from '../../src/cli/args/option-spec.js';
import { COMMANDS } from '../../src/cli/args/parse-command-line.js';
import { parseOptions } from '../../src/cli/args/parse-options.js';

/** A value the option accepts. */
function sample(spec: OptionSpec): string {
  if (spec.choices) return spec.choices.at(-1)!;
  if (spec.minInteger !== undefined) return String(spec.minInteger + 6);
  return 'some value';
}

function expectedValue(spec: OptionSpec, value: string): unknown {
  return spec.kind === 'list' ? (spec.commaList ? value.split(',') : [value]) : value;
}

// Every option of every command, every spelling, both `--opt value` and `--opt=value`:
// derived from the option tables, so a new option is tested the day it is added.
for (const command of COMMANDS) {
  for (const spec of command.options) {
    for (const spelling of spellings(spec)) {
      test(`${command.name} ${spelling} parses`, () => {
        if (!takesValue(spec)) {
          const parsed = parseOptions([spelling], command.options);
          assert.deepEqual(parsed.problems, []);
          assert.equal(parsed.values[spec.key], spec.kind === 'count' ? 1 : true);
          return;
        }
        const value = sample(spec);
        const forms = spelling.startsWith('--')
          ? [[spelling, value], [`${spelling}=${value}`]]
          : [[spelling, value], [`${spelling}${value}`]];
        for (const form of forms) {
          const parsed = parseOptions(form, command.options);
          assert.deepEqual(parsed.problems, [], form.join(' '));
          assert.deepEqual(parsed.values[spec.key], expectedValue(spec, value), form.join(' '));
          assert.deepEqual(parsed.positionals, []);
        }
      });
    }
  }
}

const run = COMMANDS.find((c) => c.name === 'run')!.options;

test('short flags combine, and -vvv counts', () => {
  const parsed = parseOptions(['-Cv', '-vvv', '-bK', 'pb.yml'], run);
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.values.check, true);
  assert.equal(parsed.values.verbose, 4);
  assert.equal(parsed.values.become, true);
  assert.equal(parsed.values.askBecomePass, true);
  assert.deepEqual(parsed.positionals, ['pb.yml']);
});

test('a value can end a short group: -Cf5 and -vi inv', () => {
  const parsed = parseOptions(['-Cf5', '-vi', 'inv'], run);
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.values.forks, '5');
  assert.deepEqual(parsed.values.inventory, ['inv']);
  assert.equal(parsed.values.verbose, 1);
});

test('list options repeat, keep order, and comma lists split', () => {
  const parsed = parseOptions(['-t', 'a,b', '--tags=c', '-t', ',d,', '--skip-tags', 'x', '-i', 'one', '--inventory=h1,h2,'], run);
  assert.deepEqual(parsed.values.tags, ['a', 'b', 'c', 'd']);
  assert.deepEqual(parsed.values.skipTags, ['x']);
  // -i is not a comma list: `h1,h2,` is an inventory host list and must stay whole.
  assert.deepEqual(parsed.values.inventory, ['one', 'h1,h2,']);
});

test('a repeated single-value option keeps the last value', () => {
  const parsed = parseOptions(['-f', '3', '--forks=9', '-u', 'a', '-u', 'b'], run);
  assert.equal(parsed.values.forks, '9');
  assert.equal(parsed.values.user, 'b');
});

test('-- ends options', () => {
  const parsed = parseOptions(['-C', '--', '-v', '--check'], run);
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.positionals, ['-v', '--check']);
  assert.equal(parsed.values.verbose, 0);
});

test('a value starting with a dash needs the = form, unless it has a space or is a negative number', () => {
  assert.equal(parseOptions(['-i', '--check'], run).problems[0]?.option, '-i');
  assert.deepEqual(parseOptions(['--inventory=--odd'], run).values.inventory, ['--odd']);
  assert.equal(parseOptions(['--ssh-common-args', '-o ProxyJump=b'], run).values.sshCommonArgs, '-o ProxyJump=b');
  assert.equal(parseOptions(['-f', '-1'], run).problems[0]?.option, '-f');
});

test('option problems name the option as typed', () => {
  const cases: Array<[string[], string]> = [
    [['--chek'], '--chek'],
    [['-Cx'], '-x'],
    [['--check=yes'], '--check'],
    [['-i'], '-i'],
    [['--forks', 'many'], '--forks'],
    [['-f0'], '-f'],
    [['--timeout=1.5'], '--timeout'],
    [['--renderer', 'fancy'], '--renderer'],
    [['--host-key-checking=yes'], '--host-key-checking'],
    [['--become-method', 'doas'], '--become-method'],
  ];
  for (const [argv, option] of cases) {
    const { problems } = parseOptions(argv, run);
    assert.equal(problems.length, 1, argv.join(' '));
    assert.equal(problems[0]!.code, 'BAD_OPTION');
    assert.equal(problems[0]!.option, option, argv.join(' '));
  }
});

test('unknown options get a did-you-mean from the table', () => {
  assert.match(parseOptions(['--chek'], run).problems[0]!.hint ?? '', /`--check`/);
  assert.match(parseOptions(['--list-task'], run).problems[0]!.hint ?? '', /`--list-tasks`/);
  assert.match(parseOptions(['--extra-var'], run).problems[0]!.hint ?? '', /`--extra-vars`/);
  assert.match(parseOptions(['--renderer', 'plian'], run).problems[0]!.hint ?? '', /`plain`/);
});

test('every problem is collected, not just the first', () => {
  const { problems } = parseOptions(['--chek', '-f', 'x', '--nope', '--renderer=z'], run);
  assert.deepEqual(
    problems.map((p) => p.option),
    ['--chek', '-f', '--nope', '--renderer'],
  );
});
