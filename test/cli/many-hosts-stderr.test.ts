/**
 * A run with more hosts in flight than Node's default of ten listeners per signal: each running
 * step listens to the run's interrupt signals, which is by design, so nothing about it may reach
 * stderr (a scheduler mails whatever lands there). Seen before the fix:
 * "MaxListenersExceededWarning: Possible EventTarget memory leak detected. 11 abort listeners".
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../harness/temp-dir.js';

const root = join(import.meta.dirname, '..', '..');

test('twelve hosts at once (forks 12): the run prints nothing on stderr', () => {
  const dir = tempDir('certbook-many-hosts-');
  const hosts = Array.from({ length: 12 }, (_, i) => `    h${i}: {ansible_connection: local}`).join('\n');
  writeFileSync(join(dir, 'inv.yaml'), `all:\n  hosts:\n${hosts}\n`);
  // The hosts wait for each other, so all twelve steps are running (and listening) together.
  writeFileSync(
    join(dir, 'pb.yaml'),
    '- hosts: all\n  gather_facts: false\n  tasks:\n' +
      `    - shell: 'touch ${dir}/{{ inventory_hostname }}; while [ "$(ls ${dir} | grep -c "^h")" -lt 12 ]; do sleep 0.05; done'\n`,
  );
  const r = spawnSync(process.execPath, [join(root, 'bin', 'certbook.js'), 'run', 'pb.yaml', '-i', 'inv.yaml', '-f', '12'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^h11 +: ok=1 +changed=1 /m);
  assert.equal(r.stderr, '');
});
