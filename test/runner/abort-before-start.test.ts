/**
 * A step given a signal that is already aborted sends nothing to its host (the abort listener of
 * a step that starts late would never hear it), and a step's calls after an abort are refused
 * (src/connection/abortable-host.ts), not only the command running at the abort.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { abortableHost } from '../../src/connection/abortable-host.js';
import { LocalHost } from '../../src/connection/local.js';
import { invokeStep } from '../../src/runner/step-invocation.js';
import { findStep } from '../../src/steps/registry.js';
import { Scope } from '../../src/template/scope.js';
import { stepContext } from '../harness/step-context.js';
import { tempDir } from '../harness/temp-dir.js';

describe('a step after the abort', () => {
  test('does not start: its command never reaches the host', async () => {
    const dir = tempDir('certbook-late-');
    const aborted = new AbortController();
    aborted.abort(new Error('grace period over'));
    const result = await invokeStep(
      findStep('shell')!,
      { cmd: `touch ${join(dir, 'ran')}` },
      Scope.EMPTY,
      stepContext(new LocalHost('a'), { signal: aborted.signal }),
    );
    assert.equal(result.failed, true);
    assert.equal(result.msg, 'interrupted before it started');
    assert.equal(existsSync(join(dir, 'ran')), false);
  });

  test('a host seen through abortableHost refuses every call once the signal is aborted', async () => {
    const dir = tempDir('certbook-late-');
    const controller = new AbortController();
    const host = abortableHost(new LocalHost('a'), controller.signal);
    assert.equal((await host.exec('true')).rc, 0, 'before the abort, calls go through');
    controller.abort(new Error('interrupted'));
    const file = join(dir, 'f');
    await assert.rejects(host.exec(`touch ${file}`), /interrupted/);
    await assert.rejects(host.writeFile(file, 'x'), /interrupted/);
    await assert.rejects(host.readFile('/etc/hostname', { maxBytes: 100 }), /interrupted/);
    await assert.rejects(host.readFiles(['/etc/hostname'], { maxBytes: 100 }), /interrupted/);
    await assert.rejects(host.forwardTcp('127.0.0.1', 1), /interrupted/);
    assert.equal(existsSync(file), false);
  });

  test('a command started through abortableHost without a signal of its own is still killed at the abort', async () => {
    const controller = new AbortController();
    const host = abortableHost(new LocalHost('a'), controller.signal);
    const running = host.exec('sleep 30');
    setTimeout(() => controller.abort(new Error('interrupted')), 200);
    const started = Date.now();
    await assert.rejects(running, /interrupted/);
    assert.ok(Date.now() - started < 20_000, 'killed, not run to its end');
  });
});
