/**
 * A catastrophically backtracking regular expression (src/python/bounded-regex.ts) fails the
 * template that uses it, naming the filter or test and why, instead of holding the process
 * (and with it the SIGTERM handler) for minutes; the next regex works as before.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REGEX_TIME_LIMIT_MS } from '../../src/python/bounded-regex.js';
import { TemplateLimitError } from '../../src/template/errors.js';
import { renderTemplate } from '../../src/template/render.js';
import { runLoadedPlaybook } from '../harness/run-loaded-playbook.js';
import { tempDir } from '../harness/temp-dir.js';

// 2^33 ways to fail: hours of backtracking without the limit.
const EVIL = `${'a'.repeat(32)}!`;

describe('a catastrophic regular expression', () => {
  for (const [what, template] of [
    ['regex_search', "{{ s | regex_search('(a+)+$') }}"],
    ['regex_replace', "{{ s | regex_replace('(a+)+$', 'x') }}"],
    ['regex_findall', "{{ s | regex_findall('(a+)+$') }}"],
    ['the match test', "{{ s is match('(a+)+$') }}"],
    ['the search test', "{{ s is search('(a+)+$') }}"],
  ] as const) {
    test(`${what}: fails with a clear error within the limit, not after hours`, () => {
      const started = Date.now();
      assert.throws(
        () => renderTemplate(template, { s: EVIL }),
        (error: unknown) => {
          assert.ok(error instanceof TemplateLimitError, String(error));
          assert.equal(error.limit, 'regexTimeMs');
          assert.ok(error.message.startsWith(`${what}: the regular expression /(a+)+$/ ran longer than`), error.message);
          assert.match(error.message, /33-character text and was stopped \(catastrophic backtracking/);
          return true;
        },
      );
      // Generous: the limit plus a worker start on a loaded machine.
      assert.ok(Date.now() - started < REGEX_TIME_LIMIT_MS + 30_000, `${Date.now() - started} ms`);
      // The worker that was stopped is replaced: regexes work on.
      assert.equal(renderTemplate("{{ s | regex_search('a+') }}", { s: 'xaay' }), 'aa');
    });
  }

  test('in a playbook: the task fails with the error and the run goes on to its end', async () => {
    const dir = tempDir('certbook-regex-');
    writeFileSync(join(dir, 'inv.yaml'), 'all:\n  vars: {ansible_connection: local}\n  hosts: {a: {}}\n');
    writeFileSync(
      join(dir, 'pb.yaml'),
      [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        `    - {name: evil, debug: {msg: "{{ '${EVIL}' | regex_search('(a+)+$') }}"}, ignore_errors: true}`,
        '    - {name: after, debug: {msg: fine}}',
      ].join('\n'),
    );
    const { summary, events } = await runLoadedPlaybook(join(dir, 'pb.yaml'), join(dir, 'inv.yaml'));
    const results = events.flatMap((e) => (e.kind === 'host_result' ? [[e.task.name, e.status, String(e.result.msg)]] : []));
    assert.equal(results[0]![1], 'failed');
    assert.match(results[0]![2]!, /regex_search: the regular expression \/\(a\+\)\+\$\/ ran longer than/);
    assert.deepEqual(results[1], ['after', 'ok', 'fine']);
    assert.equal(summary.exitCode, 0);
  });
});
