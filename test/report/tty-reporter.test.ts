import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../../src/events/run-events.js';
import { createTtyReporter } from '../../src/report/tty-reporter.js';
import { demoRun } from './captured-runs.js';
import { fakeTerminal, finalScreen } from './fake-terminal.js';
import { CONDITION_FALSE, RunScript } from './run-script.js';

async function draw(events: RunEvent[], maxHostLines?: number): Promise<string> {
  const terminal = fakeTerminal({ columns: 120 });
  const reporter = createTtyReporter({ stream: terminal.stream, verbosity: 0, ...(maxHostLines ? { maxHostLines } : {}) });
  for (const event of events) reporter.listener(event);
  await reporter.close();
  return finalScreen(terminal.text());
}

function fleet(hosts: number, tasks: number): RunEvent[] {
  const names = Array.from({ length: hosts }, (_, i) => `node-${i + 1}`);
  const s = new RunScript('fleet.yaml').start(names).play('fleet', names);
  for (let t = 1; t <= tasks; t++) {
    s.taskStart(`task ${t}`, 'command', { hosts: names });
    for (const [i, h] of names.entries()) {
      s.result(h, i % 100 === 7 ? 'failed' : i % 4 === 0 ? 'changed' : 'ok', { changed: i % 4 === 0, msg: i % 100 === 7 ? 'boom' : '' });
    }
  }
  return s.end(Object.fromEntries(names.map((h) => [h, [tasks, 0, 0, 0, 0, 0, 0]])) as never);
}

test('500 hosts × 5 tasks render under a fake TTY as one live counters line per task, then the recap', async () => {
  const screen = await draw(fleet(500, 5));
  for (let t = 1; t <= 5; t++) {
    assert.ok(
      screen.includes(`TASK [task ${t}]  ok=370 changed=125 failed=5 skipped=0 unreachable=0`),
      `task ${t} counters:\n${screen.slice(0, 600)}`,
    );
  }
  assert.equal(screen.match(/node-8: FAILED: boom/g)?.length, 5, 'the failed hosts are listed under the compact line');
  assert.ok(screen.includes('PLAY RECAP ***'));
  assert.equal(screen.split('\n').filter((l) => /^node-\d+ +: ok=5 /.test(l)).length, 500);
});

test('a small fleet gets a line per host with its outcome; warnings and records follow the lists', async () => {
  const events = new RunScript()
    .start(['a', 'b', 'c'])
    .play('small', ['a', 'b', 'c'])
    .taskStart('t1', 'command', { hosts: ['a', 'b', 'c'] })
    .result('a', 'changed', { changed: true })
    .result('b', 'failed', { changed: false, msg: 'it broke' })
    .result('c', 'skipped', CONDITION_FALSE)
    .warning('look out', 'a')
    .taskStart('greet', 'debug', { hosts: ['a', 'b', 'c'] })
    .result('a', 'ok', { changed: false, msg: 'hello' })
    .result('c', 'ok', { changed: false, msg: 'hi' })
    .records('certs', 'a', [{ path: '/x', days_left: 3 }])
    .end({ a: [2, 1, 0, 0, 0, 0, 0], b: [0, 0, 0, 1, 0, 0, 0], c: [1, 0, 0, 0, 1, 0, 0] }, { exitCode: 2 });
  const screen = await draw(events);
  for (const line of [
    'a: changed',
    'b: FAILED: it broke',
    'c: skipped',
    'a: ok => {"msg": "hello"}',
    'b: no result',
    '[WARNING]: [a]: look out',
    'RECORDS [certs]',
  ]) {
    assert.ok(screen.includes(line), `${line} in:\n${screen}`);
  }
  assert.ok(screen.indexOf('[WARNING]') > screen.indexOf('b: FAILED') && screen.indexOf('[WARNING]') < screen.indexOf('TASK [greet]'));
  assert.ok(screen.indexOf('PLAY RECAP') < screen.indexOf('RECORDS [certs]'));
});

test("the terminal reporter draws the captured demo run without error and ends with Ansible's recap", async () => {
  const screen = await draw(demoRun());
  assert.ok(
    screen.endsWith(
      'h2                         : ok=4    changed=2    unreachable=0    failed=0    skipped=1    rescued=0    ignored=1   \n\n',
    ),
  );
  assert.equal(screen.match(/TASK \[/g)?.length, 5);
});

test('the free strategy: a result that comes after the next task started still counts for its own task', async () => {
  const s = new RunScript().start(['a', 'b']).play('free', ['a', 'b']);
  // Announced with no hosts (the free strategy does not know who will reach a task): counters lines.
  s.taskStart('t1', 'command').result('a', 'ok', {});
  const t1 = s.events.at(-1) as Extract<RunEvent, { kind: 'host_result' }>;
  s.taskStart('t2', 'command').result('a', 'changed', { changed: true });
  s.events.push({ ...t1, host: 'b', status: 'changed', result: { changed: true } });
  s.result('b', 'ok', {});
  const screen = await draw(s.end({ a: [1, 1, 0, 0, 0, 0, 0], b: [1, 1, 0, 0, 0, 0, 0] } as never));
  assert.ok(screen.includes('TASK [t1]  ok=1 changed=1 failed=0'), screen);
  assert.ok(screen.includes('TASK [t2]  ok=1 changed=1 failed=0'), screen);
  assert.ok(screen.includes('PLAY RECAP ***'));
});
