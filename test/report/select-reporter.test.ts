import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseRenderer, ciDetected, RENDERER_NAMES, selectReporter } from '../../src/report/select-reporter.js';
import { demoRun } from './captured-runs.js';
import { fakeTerminal } from './fake-terminal.js';

test('auto draws live lists only on a terminal, outside CI, on a terminal that is not dumb', () => {
  assert.equal(chooseRenderer('auto', { isTTY: true, env: {} }), 'tty');
  assert.equal(chooseRenderer('auto', { isTTY: false, env: {} }), 'plain');
  assert.equal(chooseRenderer('auto', { isTTY: true, env: { CI: 'true' } }), 'plain');
  assert.equal(chooseRenderer('auto', { isTTY: true, env: { CI: '1' } }), 'plain');
  assert.equal(chooseRenderer('auto', { isTTY: true, env: { TERM: 'dumb' } }), 'plain');
  assert.equal(chooseRenderer('auto', { isTTY: true, env: { CI: 'false' } }), 'tty');
  assert.equal(chooseRenderer('auto', { isTTY: true, env: { CI: '' } }), 'tty');
});

test('an explicit renderer is taken as asked, TTY or not', () => {
  for (const name of RENDERER_NAMES.filter((n) => n !== 'auto')) {
    assert.equal(chooseRenderer(name, { isTTY: false, env: { CI: 'true' } }), name);
    assert.equal(chooseRenderer(name, { isTTY: true, env: {} }), name);
  }
  assert.equal(ciDetected({ CI: 'yes' }), true);
  assert.equal(ciDetected({}), false);
});

test('the selected reporter writes what it should where it should', async () => {
  const outputs: Record<string, string> = {};
  for (const [renderer, isTTY, env] of [
    ['auto', false, {}],
    ['json', true, {}],
    ['auto', true, { CI: 'true' }],
  ] as const) {
    const stdout = fakeTerminal({ isTTY });
    const stderr = fakeTerminal({ isTTY });
    const reporter = selectReporter({ renderer, stdout: stdout.stream, stderr: stderr.stream, env, verbosity: 0 });
    for (const event of demoRun()) reporter.listener(event);
    await reporter.close();
    outputs[`${renderer}/${isTTY}/${reporter.renderer}`] = stdout.text();
  }
  assert.deepEqual(Object.keys(outputs), ['auto/false/plain', 'json/true/json', 'auto/true/plain']);
  assert.ok(outputs['auto/false/plain']!.startsWith('\nPLAY [demo play] ***'));
  assert.equal(outputs['json/true/json']!.trim().split('\n').length, demoRun().length);
  assert.ok(!outputs['auto/true/plain']!.includes('\x1b'), 'CI gets no cursor movement');
});

test('a tty selection draws with listr2 on the given stream', async () => {
  const stdout = fakeTerminal({ isTTY: true });
  const reporter = selectReporter({ renderer: 'auto', stdout: stdout.stream, stderr: fakeTerminal().stream, env: {}, verbosity: 0 });
  assert.equal(reporter.renderer, 'tty');
  for (const event of demoRun()) reporter.listener(event);
  await reporter.close();
  assert.ok(stdout.text().includes('\x1b[?25l'), 'listr2 hid the cursor while drawing');
  assert.ok(stdout.text().includes('PLAY RECAP'));
});
