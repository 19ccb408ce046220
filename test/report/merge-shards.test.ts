/**
 * `certbook report merge`, in-process on hosts reached with `ansible_connection: local`: the
 * shards of a run merged equal the run done whole (recap, records in order, partitions, exit
 * code), the outputs are written from the merged report, and every way reports can fail to be
 * one run's shards is refused (exit 4) with nothing written. The same over real sshd with the
 * k3s playbooks and shards as separate processes: test/playbooks/sharded-fleet.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { EXIT } from '../../src/cli/exit-codes.js';
import { worstExitCode } from '../../src/report/merge/merge-exit-code.js';
import type { RunReport } from '../../src/report/run-report.js';
import { type CliResult, runCli } from '../cli/run-cli.js';
import { promtool } from '../harness/promtool.js';
import { tempDir } from '../harness/temp-dir.js';

const TEAMS = ['red', 'green', 'blue', 'amber', 'teal'];
const HOSTS = Array.from({ length: 15 }, (_, i) => `h${String(i + 1).padStart(2, '0')}`);

/** Teams are partitions (as clusters are the k3s playbooks'); h04 fails, unless -e fail_host says another. */
const PLAYBOOK = `- name: Publish
  hosts: all
  gather_facts: false
  partition_by: "{{ team }}"
  tasks:
    - name: Publish two rows
      publish:
        table: items
        sort_by: [n]
        rows:
          - {n: "{{ weight }}", team: "{{ team }}"}
          - {n: 5, team: "{{ team }}", second: true}
    - name: Fail one host
      fail: msg=boom
      when: inventory_hostname == (fail_host | default('h04'))
    - name: Say done
      debug: msg=done
`;

/** The inventory; `keepTeams` makes each team one shard unit (certbook_shard_unit), as a cluster is one. */
function inventory(keepTeams: boolean): string {
  const hosts = HOSTS.map((h, i) => `    ${h}: {team: ${TEAMS[i % TEAMS.length]}, weight: ${(i * 7) % 11}}\n`).join('');
  return `all:\n  vars:\n    ansible_connection: local\n${keepTeams ? '    certbook_shard_unit: "{{ team }}"\n' : ''}  hosts:\n${hosts}`;
}

const dir = tempDir('certbook-merge-');
writeFileSync(join(dir, 'site.yaml'), PLAYBOOK);
writeFileSync(join(dir, 'other.yaml'), PLAYBOOK.replace('Say done', 'Say finished'));
writeFileSync(join(dir, 'teams.yaml'), inventory(true));
writeFileSync(join(dir, 'hosts.yaml'), inventory(false));

const cli = (argv: string[]): Promise<CliResult> => runCli(argv, { cwd: dir, env: { CI: 'true' } });
const read = (file: string): RunReport => JSON.parse(readFileSync(join(dir, file), 'utf8')) as RunReport;

/** Runs `site.yaml` as shards 1…n of n (or whole when n is 0) into `<name>-<i>.json`; the file names. */
async function shards(name: string, n: number, inv = 'teams.yaml', extra: string[] = []): Promise<string[]> {
  const files: string[] = [];
  for (let i = 1; i <= Math.max(n, 1); i++) {
    const file = `${name}-${i}.json`;
    const r = await cli(['run', 'site.yaml', '-i', inv, '--report', file, ...(n > 0 ? ['--shard', `${i}/${n}`] : []), ...extra]);
    assert.ok([EXIT.OK, EXIT.HOSTS_FAILED].includes(r.code as 0 | 2), r.stderr);
    files.push(file);
  }
  return files;
}

const whole = (await shards('whole', 0))[0]!;
const three = await shards('three', 3);

function assertNothingWritten(r: CliResult, out: string, message: RegExp): void {
  assert.equal(r.code, EXIT.LOAD_FAILED, `${r.stdout}${r.stderr}`);
  assert.match(r.stderr, message);
  assert.match(r.stderr, /nothing written/);
  assert.equal(existsSync(join(dir, out)), false, `${out} not written`);
}

test('three shards merged are the whole run: recap, records in order, partitions, exit code; no host twice', async () => {
  const r = await cli(['report', 'merge', ...three, '--report', 'fleet.json', '--expect', '3']);
  assert.equal(r.code, EXIT.HOSTS_FAILED, r.stderr);
  const merged = read('fleet.json');
  const one = read(whole);
  assert.equal(merged.exitCode, one.exitCode);
  assert.deepEqual(merged.stats, one.stats);
  assert.deepEqual(merged.records, one.records, 'the same rows in the same order');
  assert.deepEqual([...merged.hosts].sort(), [...one.hosts].sort());
  assert.equal(new Set(merged.hosts).size, merged.hosts.length);
  assert.deepEqual(merged.plays[0]!.partitions, one.plays[0]!.partitions);
  assert.deepEqual(
    merged.plays[0]!.tasks.map((t) => t.name),
    one.plays[0]!.tasks.map((t) => t.name),
  );
  for (const [i, task] of merged.plays[0]!.tasks.entries()) {
    const results = (t: typeof task): string[] => t.results.map((x) => `${x.host} ${x.status}`).sort();
    assert.deepEqual(results(task), results(one.plays[0]!.tasks[i]!), task.name);
  }
  assert.deepEqual(
    merged.merged?.reports.map((s) => s.shard),
    [1, 2, 3],
  );
  assert.equal(merged.shard, undefined);
  const ajv = new Ajv({ allErrors: true, strict: false });
  formats.default(ajv);
  const validate = ajv.compile(
    JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'report.schema.json'), 'utf8')) as object,
  );
  assert.ok(validate(merged), ajv.errorsText(validate.errors));
  for (const file of three) assert.ok(validate(read(file)), `${file}: ${ajv.errorsText(validate.errors)}`);
});

test('merged in any order, the shards give the same report', async () => {
  await cli(['report', 'merge', ...three, '--report', 'in-order.json']);
  await cli(['report', 'merge', three[2]!, three[0]!, three[1]!, '--report', 'reversed.json']);
  const strip = (r: RunReport): unknown => ({ ...r, merged: undefined });
  assert.deepEqual(strip(read('reversed.json')), strip(read('in-order.json')));
});

test("--metrics, --junit and --html are written from the merged report; the metrics are the whole run's", async () => {
  const run = await cli(['run', 'site.yaml', '-i', 'teams.yaml', '--metrics', 'whole.prom']);
  assert.equal(run.code, EXIT.HOSTS_FAILED);
  const r = await cli(['report', 'merge', ...three, '--metrics', 'fleet.prom', '--junit', 'fleet.xml', '--html', 'fleet.html']);
  assert.equal(r.code, EXIT.HOSTS_FAILED, r.stderr);
  const series = (file: string): string[] =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !/^certbook_run_(timestamp|duration)_seconds/.test(l))
      .sort();
  assert.deepEqual(series('fleet.prom'), series('whole.prom'));
  const checked = promtool(['check', 'metrics'], readFileSync(join(dir, 'fleet.prom'), 'utf8'));
  assert.equal(checked.code, 0, checked.output);
  const junit = readFileSync(join(dir, 'fleet.xml'), 'utf8');
  assert.equal(
    junit.match(/<testcase /g)?.length,
    HOSTS.length * 3 - 1,
    'one test case per task and host (h04 failed before the last task)',
  );
  assert.equal(junit.match(/<failure /g)?.length, 1);
  assert.match(readFileSync(join(dir, 'fleet.html'), 'utf8'), /^<!DOCTYPE html>/i);
  for (const f of ['fleet.prom', 'fleet.xml', 'fleet.html'])
    assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, `${f}: private by default`);
  const shared = await cli(['report', 'merge', ...three, '--metrics', 'shared.prom', '--output-mode', '0644']);
  assert.equal(shared.code, EXIT.HOSTS_FAILED, shared.stderr);
  assert.equal(statSync(join(dir, 'shared.prom')).mode & 0o777, 0o644, '--output-mode 0644 for node_exporter');
  assert.equal((await cli(['report', 'merge', ...three, '--metrics', 'x.prom', '--output-mode', '0666'])).code, EXIT.BAD_OPTIONS);
});

test('a shard missing is named, with or without --expect; nothing is written', async () => {
  assertNothingWritten(
    await cli(['report', 'merge', three[0]!, three[2]!, '--report', 'missing.json']),
    'missing.json',
    /shard 2\/3 is missing/,
  );
  assertNothingWritten(
    await cli(['report', 'merge', three[0]!, '--report', 'missing.json', '--expect', '3']),
    'missing.json',
    /shards 2\/3, 3\/3 are missing/,
  );
});

test('refused: --expect another N, a shard given twice, mixed N, a whole run among shards, overlapping hosts', async () => {
  const two = await shards('two', 2);
  assertNothingWritten(
    await cli(['report', 'merge', ...three, '--report', 'x.json', '--expect', '4']),
    'x.json',
    /--expect 4, but the shards were run with N=3/,
  );
  assertNothingWritten(await cli(['report', 'merge', ...three, three[1]!, '--report', 'x.json']), 'x.json', /shard 2\/3 is given twice/);
  assertNothingWritten(await cli(['report', 'merge', ...three, ...two, '--report', 'x.json']), 'x.json', /different splits: .*N=3.*N=2/);
  const mixed = await cli(['report', 'merge', whole, ...three, '--report', 'x.json']);
  assertNothingWritten(mixed, 'x.json', /whole-1\.json is a whole run, the others shards/);
  assert.match(mixed.stderr, /15 hosts are in more than one report: h01 \(whole-1\.json, three-\d\.json\)/);
  assertNothingWritten(
    await cli(['report', 'merge', whole, '--report', 'x.json', '--expect', '1']),
    'x.json',
    /--expect 1: whole-1\.json was not written by a sharded run/,
  );
});

test('refused: shards that split different host lists (the inventory changed between them, another --limit or -e)', async () => {
  const limited = await shards('limited', 3, 'teams.yaml', ['--limit', 'all:!h15']);
  const r = await cli(['report', 'merge', three[0]!, limited[1]!, three[2]!, '--report', 'x.json']);
  assertNothingWritten(
    r,
    'x.json',
    /the shards split different host lists: three-1\.json, three-3\.json: 15 hosts, digest [0-9a-f]{16}; limited-2\.json: 14 hosts/,
  );
  assert.equal(read(three[0]!).shard?.split.digest, read(three[2]!).shard?.split.digest, 'one run: one digest in every shard');
});

test('refused: reports of different playbooks, of a --check run among real ones, not JSON, not a report', async () => {
  const other = read(three[1]!);
  writeFileSync(join(dir, 'other-2.json'), JSON.stringify({ ...other, playbook: join(dir, 'other.yaml') }));
  writeFileSync(join(dir, 'check-2.json'), JSON.stringify({ ...other, check: true }));
  writeFileSync(join(dir, 'garbage.json'), '{"reportVersion": 1,');
  writeFileSync(join(dir, 'stranger.json'), JSON.stringify({ reportVersion: 1, playbook: 'x', startedAt: 'now' }));
  assertNothingWritten(
    await cli(['report', 'merge', three[0]!, 'other-2.json', three[2]!, '--report', 'x.json']),
    'x.json',
    /different runs \(playbook\): three-1\.json, three-3\.json: .*site\.yaml; other-2\.json: .*other\.yaml/,
  );
  assertNothingWritten(
    await cli(['report', 'merge', three[0]!, 'check-2.json', three[2]!, '--report', 'x.json']),
    'x.json',
    /different runs \(check mode\)/,
  );
  const bad = await cli(['report', 'merge', 'garbage.json', 'stranger.json', 'absent.json', '--report', 'x.json']);
  assertNothingWritten(bad, 'x.json', /garbage\.json: not JSON/);
  assert.match(bad.stderr, /stranger\.json: not a report of this certbook/);
  assert.match(bad.stderr, /absent\.json does not exist/);
});

test('one partition (a cluster, for the k3s playbooks) run in two shards is refused, naming it, its hosts and their units', async () => {
  // Each host its own unit: the teams (partitions) fall apart across shards.
  const split = await shards('split', 3, 'hosts.yaml');
  const r = await cli(['report', 'merge', ...split, '--report', 'x.json']);
  assertNothingWritten(
    r,
    'x.json',
    /red \(a partition_by key: for the k3s playbooks, a cluster\) was run in [23] reports: .*h01.* in split-\d\.json \(unit host:h01/,
  );
  assert.match(r.stderr, /give them one k3s_cluster_name \(or certbook_shard_unit\)/);
});

test("the merge's exit code is the worst shard's: 250, 5, 4, 99, 2, 3, 1, 0; an unfinished run counts as 250", () => {
  assert.equal(worstExitCode([]), 0);
  assert.equal(worstExitCode([0, 3, 0]), 3);
  assert.equal(worstExitCode([3, 2, 0]), 2);
  assert.equal(worstExitCode([1, 0]), 1);
  assert.equal(worstExitCode([1, 3]), 3);
  assert.equal(worstExitCode([2, 99, 3]), 99);
  assert.equal(worstExitCode([99, 4]), 4);
  assert.equal(worstExitCode([4, 5]), 5);
  assert.equal(worstExitCode([5, null]), 250);
});

test('every shard ok: exit 0; an output that cannot be written makes it 1, the others still written', async () => {
  const ok = await shards('ok', 2, 'teams.yaml', ['-e', 'fail_host=none']);
  const r = await cli(['report', 'merge', ...ok, '--report', 'ok.json']);
  assert.equal(r.code, EXIT.OK, r.stderr);
  assert.match(r.stdout, /merged 2 reports \(1\/2: \d+ hosts?, exit 0; 2\/2: \d+ hosts?, exit 0\): 15 hosts, exit 0/);
  const full = await cli(['report', 'merge', ...ok, '--report', '/dev/full', '--metrics', 'ok.prom']);
  assert.equal(full.code, EXIT.ERROR, full.stderr);
  assert.match(full.stderr, /certbook report merge: could not write --report \/dev\/full/);
  assert.ok(existsSync(join(dir, 'ok.prom')));
});

test('bad merge command lines exit 5 before reading anything', async () => {
  for (const [argv, message] of [
    [['report', 'merge', ...three], /needs an output/],
    [['report', 'merge', '--report', 'x.json'], /no report given/],
    [['report', 'merge', ...three, '--report', 'x.json', '--expect', '0'], /--expect expects a whole number of at least 1/],
    [['report', 'merge', ...three, '--report', dir], /--report .* cannot be written/],
    [['report', 'merge', ...three, '-o', 'x.html', '--report', 'x.json'], /-o is an option of certbook report html/],
    [['report', 'html', ...three, '-o', 'x.html', '--expect', '3'], /--expect is an option of certbook report merge/],
    [['report', 'mrege', ...three], /unknown action `mrege`/],
  ] as const) {
    const r = await cli([...argv]);
    assert.equal(r.code, EXIT.BAD_OPTIONS, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  const help = await cli(['report', 'merge', '--help']);
  assert.equal(help.code, EXIT.OK);
  assert.match(help.stdout, /certbook report merge SHARD\.json… --report FLEET\.json/);
  assert.match(help.stdout, /--expect N/);
});
