/**
 * The event sequences of the runs captured from ansible-playbook 2.14 under
 * test/fixtures/ansible-output/, written by hand in the order ansible-playbook printed them.
 */
import type { RunEvent } from '../../src/events/run-events.js';
import { CONDITION_FALSE, commandResult, RunScript } from './run-script.js';

const FALSE = ['/bin/false'];
const NO_LOG = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";
const REFUSED = {
  changed: false,
  msg: 'Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port 1: Connection refused',
  unreachable: true,
};

/** A command that ran: `[delta, start]` as the module reported them. */
type Timing = [delta: string, start: string];

function echo(word: string, changed: boolean, [delta, start]: Timing): Record<string, unknown> {
  return commandResult(['echo', word], { stdout: word, changed, delta, start });
}

function fails(argv: string[], [delta, start]: Timing): Record<string, unknown> {
  return commandResult(argv, { rc: 1, changed: true, delta, start });
}

const ANY: Timing = ['0:00:00.001000', '2026-11-28 17:00:00.000000'];

/** expected-plain.txt: pb.yaml on h1 and h2. */
export function demoRun(): RunEvent[] {
  return new RunScript()
    .start(['h1', 'h2'])
    .play('demo play', ['h1', 'h2'])
    .taskStart('say hi')
    .result('h1', 'ok', echo('hi', false, ANY))
    .result('h2', 'ok', echo('hi', false, ANY))
    .taskStart('change')
    .result('h1', 'changed', echo('changed', true, ANY))
    .result('h2', 'changed', echo('changed', true, ANY))
    .taskStart('skip')
    .result('h1', 'skipped', CONDITION_FALSE)
    .result('h2', 'skipped', CONDITION_FALSE)
    .taskStart('fail on h2')
    .result('h1', 'skipped', CONDITION_FALSE)
    .result('h2', 'failed', fails(FALSE, ['0:00:00.004672', '2026-11-28 17:09:47.569859']), { ignored: true })
    .taskStart('debug', 'debug')
    .result('h2', 'ok', { changed: false, failed: false, msg: 'hello' })
    .result('h1', 'ok', { changed: false, failed: false, msg: 'hello' })
    .end({ h1: [3, 1, 0, 0, 2, 0, 0], h2: [4, 2, 0, 0, 1, 0, 1] });
}

/** expected-plain-2.txt: pb2.yaml on h1, h2 and the unreachable h3. */
export function secondRun(): RunEvent[] {
  const loopItem = (word: string, changed: boolean) => ({ ...echo(word, changed, ANY), item: word, ansible_loop_var: 'item' });
  return new RunScript('pb2.yaml')
    .start(['h1', 'h2', 'h3'])
    .play('second', ['h1', 'h2', 'h3'])
    .taskStart('fail h1')
    .result('h3', 'skipped', CONDITION_FALSE)
    .result('h2', 'skipped', CONDITION_FALSE)
    .result('h1', 'failed', fails(FALSE, ['0:00:00.003633', '2026-11-28 17:09:53.089892']))
    .taskStart('after')
    .result('h3', 'unreachable', REFUSED)
    .result('h2', 'changed', echo('after', true, ANY))
    .taskStart('debug', 'debug')
    .result('h2', 'ok', { 'r.stdout': 'after', changed: false, failed: false })
    .taskStart('loop')
    .item('h2', 'ok', 'a', loopItem('a', false))
    .item('h2', 'changed', 'b', loopItem('b', true))
    .result('h2', 'changed', {
      changed: true,
      failed: false,
      msg: 'All items completed',
      results: [loopItem('a', false), loopItem('b', true)],
    })
    .end({ h1: [0, 0, 0, 1, 0, 0, 0], h2: [3, 2, 0, 0, 1, 0, 0], h3: [0, 0, 1, 0, 1, 0, 0] });
}

/** The commands verbose.yaml ran, in order, with their timings in one capture. */
export interface VerboseTimings {
  hi: { h1: Timing; h2: Timing };
  fail: Timing;
  loopA: Timing;
  loopB: Timing;
  itemTrue: Timing;
  itemFalse: Timing;
  /** Which host printed first where the capture's order differs between runs. */
  hiFirst: 'h1' | 'h2';
  dictFirst: 'h1' | 'h2';
}

const item = (value: unknown, result: Record<string, unknown>) => ({ ...result, ansible_loop_var: 'item', item: value });
const skippedItem = (value: unknown) => item(value, CONDITION_FALSE);
const allSkipped = (results: unknown[]) => ({ changed: false, skipped: true, msg: 'All items skipped', results });

/** verbose0/1/2.stdout.txt: verbose.yaml on h1 and h2 at -v0, -v and -vv. */
export function verboseRun(t: VerboseTimings): RunEvent[] {
  const s = new RunScript('verbose.yaml', '/work/main/.scratch/report/cap/verbose.yaml')
    .start(['h1', 'h2'], { plays: 1 })
    .play('verbose', ['h1', 'h2'], 'h1,h2');
  s.taskStart('say hi', 'command', { line: 5 });
  for (const h of t.hiFirst === 'h1' ? (['h1', 'h2'] as const) : (['h2', 'h1'] as const)) s.result(h, 'ok', echo('hi', false, t.hi[h]));
  s.taskStart('skip', 'command', { line: 8 }).result('h1', 'skipped', CONDITION_FALSE).result('h2', 'skipped', CONDITION_FALSE);
  s.taskStart('fail on h2', 'command', { line: 11 })
    .result('h1', 'skipped', CONDITION_FALSE)
    .result('h2', 'failed', fails(FALSE, t.fail), { ignored: true });
  s.taskStart('show', 'debug', { line: 15 })
    .result('h1', 'ok', { changed: false, failed: false, msg: 'hello' })
    .result('h2', 'ok', { changed: false, failed: false, msg: 'hello' });
  s.taskStart('var', 'debug', { line: 17 })
    .result('h1', 'ok', { changed: false, failed: false, inventory_hostname: 'h1' })
    .result('h2', 'ok', { changed: false, failed: false, inventory_hostname: 'h2' });
  verboseLoops(s, t);
  return s.end({ h1: [7, 2, 0, 0, 2, 0, 1], h2: [4, 1, 0, 0, 5, 0, 1] });
}

/** The four loop tasks of verbose.yaml. */
function verboseLoops(s: RunScript, t: VerboseTimings): void {
  const a = item('a', echo('a', false, t.loopA));
  const b = item('b', echo('b', true, t.loopB));
  s.taskStart('loop', 'command', { line: 19 })
    .item('h2', 'skipped', 'a', skippedItem('a'))
    .item('h2', 'skipped', 'b', skippedItem('b'))
    .result('h2', 'skipped', { ...allSkipped([skippedItem('a'), skippedItem('b')]), failed: false })
    .item('h1', 'ok', 'a', a)
    .item('h1', 'changed', 'b', b)
    .result('h1', 'changed', { changed: true, failed: false, msg: 'All items completed', results: [a, b] });
  const bMsg = item('b', { changed: false, failed: false, msg: 'b' });
  s.taskStart('loop skip some', 'debug', { line: 24 })
    .item('h1', 'skipped', 'a', skippedItem('a'))
    .item('h1', 'ok', 'b', bMsg)
    .result('h1', 'ok', { changed: false, failed: false, msg: 'All items completed', results: [skippedItem('a'), bMsg] })
    .item('h2', 'skipped', 'a', skippedItem('a'))
    .item('h2', 'skipped', 'b', skippedItem('b'))
    .result('h2', 'skipped', allSkipped([skippedItem('a'), skippedItem('b')]));
  const okTrue = item('true', commandResult(['/bin/true'], { changed: true, delta: t.itemTrue[0], start: t.itemTrue[1] }));
  const badFalse = item('false', fails(FALSE, t.itemFalse));
  s.taskStart('loop fail item', 'command', { line: 28 })
    .item('h2', 'skipped', 'true', skippedItem('true'))
    .item('h2', 'skipped', 'false', skippedItem('false'))
    .result('h2', 'skipped', allSkipped([skippedItem('true'), skippedItem('false')]))
    .item('h1', 'changed', 'true', okTrue)
    .item('h1', 'failed', 'false', badFalse)
    .result(
      'h1',
      'failed',
      { changed: true, failed: true, msg: 'One or more items failed', results: [okTrue, badFalse] },
      { ignored: true },
    );
  const dict = { name: 'a', n: 1, t: true, z: null };
  const label = "{'name': 'a', 'n': 1, 't': True, 'z': None}";
  const dictOk = item(dict, { changed: false, failed: false, msg: 'x' });
  s.taskStart('dict items', 'debug', { line: 33 });
  const h1Dict = () =>
    s.item('h1', 'ok', label, dictOk).result('h1', 'ok', { changed: false, failed: false, msg: 'All items completed', results: [dictOk] });
  const h2Dict = () => s.item('h2', 'skipped', label, skippedItem(dict)).result('h2', 'skipped', allSkipped([skippedItem(dict)]));
  if (t.dictFirst === 'h1') h1Dict(), h2Dict();
  else h2Dict(), h1Dict();
}

/** delegate.yaml: one task delegated to another inventory host, one to localhost, one to itself. */
export function delegateRun(t: [Timing, Timing, Timing] = [ANY, ANY, ANY]): RunEvent[] {
  return new RunScript('delegate.yaml')
    .start(['h1'])
    .play('delegation', ['h1'], 'h1')
    .taskStart('to h2')
    .result('h1', 'ok', echo('hi', false, t[0]), { delegatedTo: 'h2' })
    .taskStart('to localhost')
    .result('h1', 'changed', echo('hi', true, t[1]), { delegatedTo: 'localhost' })
    .taskStart('to self')
    .result('h1', 'ok', echo('hi', false, t[2]), { delegatedTo: 'h1' })
    .end({ h1: [3, 1, 0, 0, 0, 0, 0] });
}

/** handlers.yaml: a task notifies a handler on both hosts. */
export function handlersRun(): RunEvent[] {
  return new RunScript('handlers.yaml')
    .start(['h1', 'h2'])
    .play('handlers', ['h1', 'h2'], 'h1,h2')
    .taskStart('notify')
    .result('h2', 'changed', echo('x', true, ANY))
    .result('h1', 'changed', echo('x', true, ANY))
    .taskStart('restart thing', 'command', { section: 'handlers' })
    .result('h1', 'changed', echo('restarted', true, ANY))
    .result('h2', 'changed', echo('restarted', true, ANY))
    .end({ h1: [2, 2, 0, 0, 0, 0, 0], h2: [2, 2, 0, 0, 0, 0, 0] });
}

/** rescue.yaml: a failure caught by a block's rescue, then always. */
export function rescueRun(): RunEvent[] {
  return new RunScript('rescue.yaml')
    .start(['h1'])
    .play('rescue', ['h1'], 'h1')
    .taskStart('breaks')
    .result('h1', 'failed', fails(FALSE, ['0:00:00.003816', '2026-11-28 17:51:46.354254']), { rescued: true })
    .taskStart('rescuer', 'debug')
    .result('h1', 'ok', { changed: false, failed: false, msg: 'rescued' })
    .taskStart('always here')
    .result('h1', 'ok', echo('always', false, ANY))
    .end({ h1: [2, 0, 0, 0, 0, 1, 0] });
}

/** diff.yaml with --check --diff: two files that would change, diffs as the copy step returns them. */
export function diffRun(): RunEvent[] {
  const first = {
    before: 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n',
    after: 'one\ntwo changed\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten new\n',
    beforeHeader: '/tmp/certbook-cap-diff.txt',
    afterHeader: '/root/.ansible/tmp/ansible-local-16725osjjk147/tmpp8skx9is',
  };
  const second = {
    before: 'alpha\n',
    after: 'alpha\nbeta',
    beforeHeader: '/tmp/certbook-cap-diff2.txt',
    afterHeader: '/root/.ansible/tmp/ansible-local-16725osjjk147/tmpuu_v5rby',
  };
  return new RunScript('diff.yaml')
    .start(['h1'], { check: true, diff: true })
    .play('diff', ['h1'], 'h1')
    .taskStart('write file', 'copy')
    .result('h1', 'changed', { changed: true, failed: false, dest: '/tmp/certbook-cap-diff.txt', diff: [first] })
    .taskStart('no newline', 'copy')
    .result('h1', 'changed', { changed: true, failed: false, dest: '/tmp/certbook-cap-diff2.txt', diff: [second] })
    .end({ h1: [2, 2, 0, 0, 0, 0, 0] });
}

/** nohosts.yaml: a play whose pattern matches nothing, then a task that warns. */
export function noHostsRun(): RunEvent[] {
  return new RunScript('nohosts.yaml')
    .start(['h1'])
    .warning('Could not match supplied host pattern, ignoring: nomatch')
    .play('nothing', [], 'nomatch')
    .play('then', ['h1'], 'h1')
    .taskStart('warn me', 'debug')
    .warning('conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: {{ true }}')
    .result('h1', 'ok', { changed: false, failed: false, msg: 'hi' })
    .end({ h1: [1, 0, 0, 0, 0, 0, 0] });
}

/** nolog.yaml: results hidden by no_log, one failed and ignored, one loop. */
export function noLogRun(): RunEvent[] {
  const hidden = { censored: NO_LOG, changed: true };
  return new RunScript('nolog.yaml')
    .start(['h1'])
    .play('nolog', ['h1'], 'h1')
    .taskStart('secret ok')
    .result('h1', 'changed', hidden)
    .taskStart('secret fail')
    .result('h1', 'failed', { ...hidden, failed: true }, { ignored: true })
    .taskStart('secret loop')
    .item('h1', 'changed', 'x', hidden)
    .item('h1', 'changed', 'y', hidden)
    .result('h1', 'changed', hidden)
    .end({ h1: [3, 3, 0, 0, 0, 0, 1] });
}

/** unreach.yaml: an unreachable host, ignored once. */
export function unreachableRun(): RunEvent[] {
  return new RunScript('unreach.yaml')
    .start(['h3'])
    .play('unreach', ['h3'], 'h3')
    .taskStart('try')
    .result('h3', 'unreachable', REFUSED, { ignored: true })
    .taskStart('again')
    .result('h3', 'unreachable', REFUSED)
    .end({ h3: [1, 0, 1, 0, 0, 0, 1] }, { exitCode: 4 });
}

/** misc.yaml: a debug below its verbosity, a retried failure, a loop failing on every host. */
export function miscRun(t: { retry: Timing; notify: Timing; h1: Timing; h2: Timing }): RunEvent[] {
  const quiet = { changed: false, skipped: true, skipped_reason: 'Verbosity threshold not met.' };
  const bad = (timing: Timing) => item('false', fails(FALSE, timing));
  return new RunScript('misc.yaml')
    .start(['h1', 'h2'])
    .play('misc', ['h1', 'h2'], 'h1,h2')
    .taskStart('quiet debug', 'debug')
    .result('h1', 'skipped', quiet)
    .result('h2', 'skipped', quiet)
    .taskStart('retry')
    .result('h1', 'skipped', CONDITION_FALSE)
    .retry('h2', 1, 1)
    .result('h2', 'failed', { ...fails(FALSE, t.retry), attempts: 1 }, { ignored: true })
    .taskStart('notify')
    .result('h2', 'skipped', CONDITION_FALSE)
    .result('h1', 'changed', echo('x', true, t.notify))
    .taskStart('loop fails')
    .item('h1', 'failed', 'false', bad(t.h1))
    .result('h1', 'failed', { changed: true, failed: true, msg: 'One or more items failed', results: [bad(t.h1)] })
    .item('h2', 'failed', 'false', bad(t.h2))
    .result('h2', 'failed', { changed: true, failed: true, msg: 'One or more items failed', results: [bad(t.h2)] })
    .end({ h1: [1, 1, 0, 1, 2, 0, 0], h2: [1, 1, 0, 1, 2, 0, 1] }, { exitCode: 2 });
}
