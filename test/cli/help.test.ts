import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spellings } from '../../src/cli/args/option-spec.js';
import { COMMANDS } from '../../src/cli/args/parse-command-line.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli } from './run-cli.js';

// The expected flags come from the parser's own option tables, so help and parser cannot drift.
for (const command of COMMANDS) {
  test(`certbook ${command.name} --help exits 0 and lists every option it parses`, async () => {
    for (const argv of [
      [command.name, '--help'],
      [command.name, '-h'],
      ['help', command.name],
    ]) {
      const { code, stdout, stderr } = await runCli(argv);
      assert.equal(code, EXIT.OK, argv.join(' '));
      assert.equal(stderr, '');
      assert.ok(stdout.startsWith(`usage: certbook ${command.name} `), argv.join(' '));
      for (const option of command.options) {
        for (const spelling of spellings(option)) {
          assert.match(
            stdout,
            new RegExp(`(^|[\\s,])${spelling.replace(/[-]/g, '\\-')}([\\s,=]|$)`, 'm'),
            `${argv.join(' ')}: ${spelling}`,
          );
        }
        if (option.choices) for (const choice of option.choices) assert.ok(stdout.includes(choice), `${option.long}: ${choice}`);
      }
      for (const positional of command.positionals) assert.ok(stdout.includes(positional.name));
    }
  });
}

test('every option line of every help fits on one line (help text, not wrapped)', async () => {
  for (const command of COMMANDS) {
    const { stdout } = await runCli([command.name, '--help']);
    for (const option of command.options) {
      const lines = stdout.split('\n').filter((l) => l.startsWith(`  ${spellings(option).join(', ')} `));
      assert.equal(lines.length, 1, `${command.name} --${option.long}`);
      assert.ok(lines[0]!.includes(option.help), `${command.name} --${option.long} help on its line`);
    }
  }
});

test('certbook --help, -h and help list every command and exit code', async () => {
  for (const argv of [['--help'], ['-h'], ['help']]) {
    const { code, stdout } = await runCli(argv);
    assert.equal(code, EXIT.OK);
    for (const command of COMMANDS) assert.match(stdout, new RegExp(`^  ${command.name} `, 'm'));
    for (const exit of Object.values(EXIT)) assert.match(stdout, new RegExp(`^  ${exit} `, 'm'));
  }
});

test('help of an unknown command exits 5 with a did-you-mean', async () => {
  const { code, stdout, stderr } = await runCli(['help', 'invetory']);
  assert.equal(code, EXIT.BAD_OPTIONS);
  assert.equal(stdout, '');
  assert.match(stderr, /`inventory`/);
});

test('run --help lists the built-in playbooks', async () => {
  const { stdout } = await runCli(['run', '--help']);
  assert.match(stdout, /^built-in playbooks: /m);
});

test('run --help says what --host-key-checking off does: new hosts accepted, a changed key still refused (host-key-check.test.ts holds the behaviour)', async () => {
  const { stdout } = await runCli(['run', '--help']);
  const line = stdout.split('\n').find((l) => l.startsWith('  --host-key-checking '));
  assert.ok(line);
  assert.doesNotMatch(line, /trust any key/);
  assert.match(line, /off: new hosts too, not added .* A changed or @revoked key is refused in every mode/);
});
