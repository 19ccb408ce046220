/**
 * `--shard I/N` on the command line: which hosts go together (the shard units), what
 * `--list-hosts` shows, malformed values, and a shard left empty. Inventories on disk, no
 * connection (listing and refusals happen before any).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIT } from '../../src/cli/exit-codes.js';
import { ProblemList } from '../../src/errors/problem.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { ShardUnits } from '../../src/shard/shard-units.js';
import { runCli } from '../cli/run-cli.js';
import { tempDir } from '../harness/temp-dir.js';

const PLAYBOOK = '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n';

/** Writes `files` and a playbook into a new directory; returns the directory. */
function tree(files: Record<string, string>): string {
  const dir = tempDir('certbook-shard-units-');
  writeFileSync(join(dir, 'site.yaml'), PLAYBOOK);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A k3s-ansible inventory file of one cluster: `servers` and `agents` named `<prefix>-…`. */
function k3sFile(prefix: string, servers: number, agents: number): string {
  const hosts = (kind: string, n: number): string =>
    n === 0
      ? '      hosts: {}\n'
      : `      hosts:\n${Array.from({ length: n }, (_, i) => `        ${prefix}-${kind}-${i + 1}:\n          ansible_connection: local\n`).join('')}`;
  return `k3s_cluster:\n  children:\n    server:\n${hosts('server', servers)}    agent:\n${hosts('agent', agents)}`;
}

/** The hosts `--list-hosts` prints for the one play. */
async function listed(dir: string, inventory: string[], shard?: string, extra: string[] = []): Promise<string[]> {
  const r = await runCli(
    ['run', 'site.yaml', ...inventory.flatMap((i) => ['-i', i]), '--list-hosts', ...(shard ? ['--shard', shard] : []), ...extra],
    { cwd: dir },
  );
  assert.equal(r.code, EXIT.OK, r.stderr);
  const lines = r.stdout.split('\n');
  const start = lines.findIndex((l) => /^ {4}hosts \(\d+\):$/.test(l));
  return lines
    .slice(start + 1)
    .filter((l) => /^ {6}\S/.test(l))
    .map((l) => l.trim());
}

/** Each shard's listed hosts for N = 1 … max; asserts they are disjoint and cover `all`. */
async function shardsOf(dir: string, inventory: string[], n: number, all: readonly string[]): Promise<string[][]> {
  const parts: string[][] = [];
  for (let i = 1; i <= n; i++) parts.push(await listed(dir, inventory, `${i}/${n}`));
  assert.deepEqual(parts.flat().sort(), [...all].sort(), `N=${n}: every host in exactly one shard`);
  return parts;
}

test('one k3s-ansible file per cluster: a cluster is never split, for any N', async () => {
  const dir = tree({
    'c1.yaml': k3sFile('c1', 3, 4),
    'c2.yaml': k3sFile('c2', 1, 2),
    'c3.yaml': k3sFile('c3', 1, 0),
    'c4.yaml': k3sFile('c4', 2, 6),
  });
  const files = ['c1.yaml', 'c2.yaml', 'c3.yaml', 'c4.yaml'];
  const all = await listed(dir, files);
  assert.equal(all.length, 19);
  for (const n of [1, 2, 3, 5, 7]) {
    const parts = await shardsOf(dir, files, n, all);
    for (const c of ['c1', 'c2', 'c3', 'c4']) {
      const holding = parts.map((p, i) => (p.some((h) => h.startsWith(`${c}-`)) ? i + 1 : 0)).filter((i) => i > 0);
      assert.equal(holding.length, 1, `N=${n}: cluster ${c} is in shards ${holding.join(', ')}`);
    }
  }
  // The same split through a directory source: the unit is the file either way.
  const viaDir = tempDir('certbook-shard-dir-');
  for (const f of files)
    writeFileSync(
      join(viaDir, f),
      k3sFile(
        f.replace('.yaml', ''),
        ...({ c1: [3, 4], c2: [1, 2], c3: [1, 0], c4: [2, 6] } as Record<string, [number, number]>)[f.replace('.yaml', '')]!,
      ),
    );
  assert.equal((await shardsOf(dir, [viaDir], 3, all)).length, 3);
});

test('one file of several clusters named by k3s_cluster_name (a group var): each named cluster is a unit', async () => {
  const hosts = (c: string): string => Array.from({ length: 3 }, (_, i) => `    ${c}-n${i + 1}: {ansible_connection: local}\n`).join('');
  const groups = ['a', 'b', 'c', 'd', 'e', 'f']
    .map((c) => `cluster_${c}:\n  hosts:\n${hosts(c)}  vars:\n    k3s_cluster_name: prod-${c}\n`)
    .join('');
  const server = `k3s_cluster:\n  children:\n    server:\n      hosts:\n${['a', 'b', 'c', 'd', 'e', 'f'].map((c) => `        ${c}-n1: {}\n`).join('')}    agent:\n      hosts:\n${['a', 'b', 'c', 'd', 'e', 'f'].flatMap((c) => [`        ${c}-n2: {}\n`, `        ${c}-n3: {}\n`]).join('')}`;
  const dir = tree({ 'fleet.yaml': server + groups });
  const all = await listed(dir, ['fleet.yaml']);
  assert.equal(all.length, 18);
  const parts = await shardsOf(dir, ['fleet.yaml'], 4, all);
  for (const part of parts)
    for (const h of part)
      assert.ok(part.includes(`${h[0]}-n1`) && part.includes(`${h[0]}-n3`), `${h}'s cluster is whole in its shard: ${part.join(' ')}`);
  assert.ok(parts.filter((p) => p.length > 0).length >= 2, 'six named clusters spread over more than one of 4 shards');
});

test('hosts with no cluster structure are each their own unit; certbook_shard_unit (templated) keeps hosts together', async () => {
  const web = Array.from({ length: 40 }, (_, i) => `    web${i}: {ansible_connection: local, region: ${i % 2 ? 'eu' : 'us'}}\n`).join('');
  const dir = tree({
    'plain.yaml': `web:\n  hosts:\n${web}`,
    'grouped.yaml': `web:\n  hosts:\n${web}  vars:\n    certbook_shard_unit: "site-{{ region }}"\n`,
  });
  const all = await listed(dir, ['plain.yaml']);
  const plain = await shardsOf(dir, ['plain.yaml'], 3, all);
  assert.ok(
    plain.every((p) => p.length >= 6),
    `40 single-host units spread over 3 shards: ${plain.map((p) => p.length).join(', ')}`,
  );
  const grouped = await shardsOf(dir, ['grouped.yaml'], 3, all);
  for (const part of grouped) {
    const eu = part.filter((h) => Number(h.slice(3)) % 2 === 1).length;
    const us = part.length - eu;
    assert.ok([0, 20].includes(eu) && [0, 20].includes(us), `a region is one unit: ${eu} eu and ${us} us hosts in a shard`);
  }
});

test("the unit keys: certbook_shard_unit, then k3s_cluster_name, then the file of a host in k3s-ansible's groups, else the host", () => {
  const dir = tree({
    'c1.yaml': k3sFile('c1', 1, 1),
    // Host variables: a `k3s_cluster` group var would apply to that group in every file.
    'named.yaml': 'k3s_cluster:\n  children:\n    server:\n      hosts:\n        n-server-1: {k3s_cluster_name: edge}\n',
    'mine.yaml':
      'ops:\n  hosts:\n    m1: {certbook_shard_unit: "{{ inventory_hostname[0] }}-unit", k3s_cluster_name: ignored}\n    lone: {}\n',
    'old.ini': '[master]\no-1\n[node]\no-2\n',
    'custom.yaml': 'cp:\n  hosts:\n    x-1: {}\nworkers:\n  hosts:\n    x-2: {}\n',
  });
  const problems = new ProblemList();
  const inventory = loadInventory(
    ['c1.yaml', 'named.yaml', 'mine.yaml', 'old.ini', 'custom.yaml'].map((f) => join(dir, f)),
    problems,
  );
  assert.deepEqual(problems.items, []);
  const units = new ShardUnits(inventory, {});
  const key = (h: string): string => units.keyOf(h, problems);
  assert.equal(key('c1-server-1'), `file:${join(dir, 'c1.yaml')}`);
  assert.equal(key('c1-agent-1'), key('c1-server-1'));
  assert.equal(key('n-server-1'), 'cluster:edge');
  assert.equal(key('m1'), 'unit:m-unit');
  assert.equal(key('lone'), 'host:lone');
  assert.equal(key('o-1'), `file:${join(dir, 'old.ini')}`);
  assert.equal(key('o-2'), key('o-1'));
  assert.equal(key('x-1'), 'host:x-1', 'groups of other names are no cluster structure…');
  const named = new ShardUnits(inventory, { k3s_server_group: 'cp', k3s_agent_group: 'workers' });
  assert.equal(named.keyOf('x-2', problems), `file:${join(dir, 'custom.yaml')}`, '…unless -e k3s_server_group/k3s_agent_group names them');
  assert.deepEqual(problems.items, []);
});

test('a shard unit that cannot be rendered is a load error with its place, before connecting (exit 4)', async () => {
  const dir = tree({ 'inv.yaml': 'all:\n  hosts:\n    h1:\n      ansible_host: 192.0.2.1\n      certbook_shard_unit: "{{ rack }}"\n' });
  const r = await runCli(['run', 'site.yaml', '-i', 'inv.yaml', '--shard', '1/2'], { cwd: dir });
  assert.equal(r.code, EXIT.LOAD_FAILED, r.stderr);
  assert.match(r.stderr, /inv\.yaml:5:\d+: error\[UNDEFINED_VARIABLE\]: h1: certbook_shard_unit/);
});

test('malformed --shard values are refused with a hint (exit 5); 1/1 is every host', async () => {
  const dir = tree({ 'inv.yaml': 'all:\n  hosts:\n    h1: {ansible_connection: local}\n    h2: {ansible_connection: local}\n' });
  for (const [value, hint] of [
    ['0/3', /JOB_COMPLETION_INDEX \+ 1/],
    ['4/3', /I from 1 to N/],
    ['1/0', /I from 1 to N/],
    ['2', /I\/N/],
    ['a/b', /I\/N/],
    ['1/3/', /I\/N/],
    ['-1/3', /I\/N/],
    ['1/20000', /I from 1 to N/],
  ] as const) {
    const r = await runCli(['run', 'site.yaml', '-i', 'inv.yaml', '--shard', value], { cwd: dir });
    assert.equal(r.code, EXIT.BAD_OPTIONS, `--shard ${value}: ${r.stderr}`);
    assert.match(r.stderr, /error\[BAD_OPTION\]: --shard/, value);
    assert.match(r.stderr, hint, value);
  }
  assert.deepEqual(await listed(dir, ['inv.yaml'], '1/1'), ['h1', 'h2']);
});

test('--limit first, then the shard: a shard is a part of what would run', async () => {
  const web = Array.from({ length: 12 }, (_, i) => `    w${i}: {ansible_connection: local}\n`).join('');
  const dir = tree({ 'inv.yaml': `all:\n  hosts:\n${web}` });
  const limited = ['w1', 'w2', 'w3', 'w4', 'w5'];
  const parts: string[] = [];
  for (let i = 1; i <= 2; i++) {
    const hosts = await listed(dir, ['inv.yaml'], `${i}/2`, ['--limit', limited.join(',')]);
    const unlimited = await listed(dir, ['inv.yaml'], `${i}/2`);
    assert.deepEqual(
      hosts,
      unlimited.filter((h) => limited.includes(h)),
      'a host keeps its shard under --limit',
    );
    parts.push(...hosts);
  }
  assert.deepEqual(parts.sort(), limited);
});

test('an empty shard (more shards than units) runs nothing, exits 0 and says which shard it was', async () => {
  const dir = tree({ 'inv.yaml': 'all:\n  hosts:\n    h1: {ansible_connection: local}\n' });
  let empty = 0;
  for (let i = 1; i <= 3; i++) {
    const hosts = await listed(dir, ['inv.yaml'], `${i}/3`);
    if (hosts.length > 0) continue;
    empty = i;
    const report = join(dir, `shard-${i}.json`);
    const r = await runCli(['run', 'site.yaml', '-i', 'inv.yaml', '--shard', `${i}/3`, '--report', report], {
      cwd: dir,
      env: { CI: 'true' },
    });
    assert.equal(r.code, EXIT.OK, r.stderr);
    assert.match(r.stderr, new RegExp(`shard ${i}/3 has no host`));
    const json = JSON.parse(readFileSync(report, 'utf8')) as { hosts: string[]; shard: { split: { digest: string } } };
    assert.deepEqual(json.hosts, []);
    assert.deepEqual(json.shard, { index: i, count: 3, units: {}, split: { hosts: 1, digest: json.shard.split.digest } });
    assert.match(json.shard.split.digest, /^[0-9a-f]{16}$/);
    break;
  }
  assert.ok(empty > 0, 'one host leaves two of three shards empty');
});
