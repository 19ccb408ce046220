/**
 * The shell every pod of the Indexed Jobs runs (scripts/kubernetes-manifests/indexed-run.ts),
 * run by Debian's /bin/sh (dash, as in the image) exactly as the manifests give it. `certbook
 * run --shard` and `certbook report merge` are built beside this work (issue #15 items 1–2), so
 * a stand-in `certbook` on PATH records its arguments and answers with the exit code it is
 * told: what is tested is the glue (index → shard, the run directory, exit codes, the wait for
 * the shard reports, --expect, the push to a Pushgateway on loopback).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { INDEXED_RUN_SCRIPT } from '../../scripts/kubernetes-manifests/indexed-run.js';
import { tempDir } from '../harness/temp-dir.js';

// Writes every call to $STANDIN_LOG; `run` writes its --report, `report merge` its --metrics.
const STANDIN = `#!/bin/sh
echo "$*" >> "$STANDIN_LOG"
out=""; metrics=""
while [ $# -gt 0 ]; do
  case "$1" in --report) out=$2 ;; --metrics) metrics=$2 ;; esac
  shift
done
if [ "$STANDIN_VERB" = run ]; then printf '{"shard":true}' > "$out"; exit "$STANDIN_RUN_CODE"; fi
printf 'certbook_run_exit_code{playbook="check-expiry"} %s\\n' "$STANDIN_MERGE_CODE" > "$metrics"
exit "$STANDIN_MERGE_CODE"
`;

interface Pod {
  code: number;
  calls: string[];
  dir: string;
  stderr: string;
}

function setup(): { bin: string; reports: string; log: string } {
  const base = tempDir('certbook-indexed-run-');
  const bin = join(base, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'certbook'), STANDIN);
  chmodSync(join(bin, 'certbook'), 0o755);
  return { bin, reports: join(base, 'reports'), log: join(base, 'calls.log') };
}

async function pod(where: ReturnType<typeof setup>, index: number, env: Record<string, string>): Promise<Pod> {
  const merge = index === Number(env.SHARDS ?? 3);
  const child = spawn('/bin/sh', ['-c', INDEXED_RUN_SCRIPT], {
    env: {
      PATH: `${where.bin}:/usr/bin:/bin`,
      STANDIN_LOG: where.log,
      STANDIN_VERB: merge ? 'merge' : 'run',
      STANDIN_RUN_CODE: '0',
      STANDIN_MERGE_CODE: '0',
      JOB_COMPLETION_INDEX: String(index),
      JOB_NAME: 'certbook-check-expiry-29412345',
      PLAYBOOK: 'check-expiry',
      SHARDS: '3',
      INVENTORY: '/etc/certbook/inventory/inventory.yaml',
      REPORTS_DIR: where.reports,
      MERGE_WAIT_SECONDS: '0',
      REPORTS_KEEP_DAYS: '14',
      PUSHGATEWAY_URL: '',
      SUCCESS_CODES: '0 2',
      ...env,
    },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
  });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  const calls = existsSync(where.log) ? readFileSync(where.log, 'utf8').trim().split('\n') : [];
  writeFileSync(where.log, '');
  return { code, calls, dir: join(where.reports, 'certbook-check-expiry-29412345'), stderr };
}

test("index i runs shard i+1 of N into the Job's own directory; a finished run exits 0 whatever its verdict", async () => {
  const where = setup();
  for (const [index, runCode] of [
    [0, '0'],
    [1, '2'],
    [2, '3'],
  ] as const) {
    const r = await pod(where, index, { STANDIN_RUN_CODE: runCode });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.calls, [
      `run check-expiry -i /etc/certbook/inventory/inventory.yaml --shard ${index + 1}/3 --report ${r.dir}/shard-${index + 1}.json`,
    ]);
    assert.ok(existsSync(join(r.dir, `shard-${index + 1}.json`)));
  }
});

test('a shard whose run broke fails (to be retried) and leaves no report for the merge to take', async () => {
  const where = setup();
  for (const code of [1, 4, 99, 250]) {
    const r = await pod(where, 0, { STANDIN_RUN_CODE: String(code) });
    assert.equal(r.code, code);
    assert.equal(existsSync(join(r.dir, 'shard-1.json')), false);
  }
});

test('the merge (index N) merges the N reports with --expect N; 2 is success for check-expiry, not for rotate', async () => {
  const where = setup();
  for (const index of [0, 1, 2]) await pod(where, index, {});
  const r = await pod(where, 3, { STANDIN_MERGE_CODE: '2' });
  assert.equal(r.code, 0, r.stderr);
  const d = r.dir;
  assert.deepEqual(r.calls, [
    `report merge ${d}/shard-1.json ${d}/shard-2.json ${d}/shard-3.json --expect 3 --report ${d}/fleet.json --metrics ${d}/fleet.prom --html ${d}/fleet.html`,
  ]);
  assert.equal((await pod(where, 3, { STANDIN_MERGE_CODE: '2', SUCCESS_CODES: '0', PLAYBOOK: 'rotate' })).code, 2);
  assert.equal((await pod(where, 3, { STANDIN_MERGE_CODE: '3' })).code, 3);
});

test('a missing shard: the merge waits no longer than its deadline, then merges what is there with --expect', async () => {
  const where = setup();
  await pod(where, 0, {});
  await pod(where, 2, {});
  const r = await pod(where, 3, { STANDIN_MERGE_CODE: '1' });
  assert.equal(r.code, 1);
  assert.match(r.calls[0]!, new RegExp(`^report merge ${r.dir}/shard-1\\.json ${r.dir}/shard-3\\.json --expect 3 `));
});

test('the merged metrics are PUT to the Pushgateway under job certbook and the playbook; a refusal fails the pod', async () => {
  const received: Array<{ method?: string; url?: string; body: string }> = [];
  let status = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d;
    });
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, body });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const where = setup();
    for (const index of [0, 1, 2]) await pod(where, index, {});
    const ok = await pod(where, 3, { PUSHGATEWAY_URL: url, STANDIN_MERGE_CODE: '2' });
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(received, [
      { method: 'PUT', url: '/metrics/job/certbook/playbook/check-expiry', body: 'certbook_run_exit_code{playbook="check-expiry"} 2\n' },
    ]);
    status = 400;
    const refused = await pod(where, 3, { PUSHGATEWAY_URL: url });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /pushgateway: HTTP 400/);
  } finally {
    server.close();
  }
});
