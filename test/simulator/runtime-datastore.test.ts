/**
 * The simulator's datastore file: Secrets shared by every server, written atomically under a
 * cross-process lock, with API-server semantics for uid and creation time.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { SimNode } from '../../src/simulator/node/sim-node.js';
import { Datastore } from '../../src/simulator/runtime/datastore.js';
import { DatastoreKubeStore } from '../../src/simulator/runtime/datastore-kube-store.js';
import { servingSecretStore } from '../../src/simulator/runtime/serving-secret-store.js';

const dir = mkdtempSync(join(tmpdir(), 'certbook-datastore-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const secret = (n: string) => ({
  namespace: 'kube-system',
  name: 'k3s-serving',
  type: 'kubernetes.io/tls',
  data: { 'tls.crt': Buffer.from(n).toString('base64') },
});

test("two instances over one file see each other's writes; a re-created Secret is a new object", () => {
  const file = join(dir, 'a.json');
  const a = new Datastore(file);
  const b = new Datastore(file);
  a.init();
  const created = a.putSecret(
    { ...secret('one'), uid: 'client-sent', creationTimestamp: '2001-01-01T00:00:00Z' },
    new Date('2026-01-01T00:00:00Z'),
  );
  assert.notEqual(created.uid, 'client-sent');
  assert.equal(created.creationTimestamp, '2026-01-01T00:00:00Z');
  const replaced = b.putSecret(secret('two'));
  assert.equal(replaced.uid, created.uid, 'a replace keeps the uid');
  assert.ok(Number(replaced.resourceVersion) > Number(created.resourceVersion));
  assert.equal(Buffer.from(a.getSecret('kube-system', 'k3s-serving')!.data['tls.crt']!, 'base64').toString(), 'two');
  assert.equal(b.deleteSecret('kube-system', 'k3s-serving')?.uid, created.uid);
  assert.equal(a.getSecret('kube-system', 'k3s-serving'), undefined);
  assert.equal(a.deleteSecret('kube-system', 'k3s-serving'), undefined);
  const again = a.putSecret(secret('three'));
  assert.notEqual(again.uid, created.uid);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.startsWith('a.json')),
    ['a.json'],
    'no temp or lock file left',
  );
});

test('every write changes the file stamp the watcher polls', () => {
  const store = new Datastore(join(dir, 'b.json'));
  assert.equal(store.stamp(), '');
  store.init();
  const stamps = new Set([store.stamp()]);
  const serving = servingSecretStore(store);
  serving.put(secret('x'));
  stamps.add(store.stamp());
  serving.put(secret('x'));
  stamps.add(store.stamp());
  serving.delete();
  stamps.add(store.stamp());
  assert.equal(stamps.size, 4);
  assert.equal(serving.get(), undefined);
});

test('writers in 4 processes at once lose no update (the lock holds)', async () => {
  const file = join(dir, 'c.json');
  new Datastore(file).init();
  const script = [
    `import { Datastore } from ${JSON.stringify(new URL('../../src/simulator/runtime/datastore.ts', import.meta.url).href)};`,
    'const d = new Datastore(process.argv[1]);',
    'for (let i = 0; i < 25; i++) d.putSecret({ namespace: "ns", name: `s-${process.argv[2]}-${i}`, type: "Opaque", data: {} });',
  ].join('\n');
  const run = (id: number) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, file, String(id)], {
        stdio: 'inherit',
      });
      child.once('close', resolve);
    });
  const codes = await Promise.all([1, 2, 3, 4].map(run));
  assert.deepEqual(codes, [0, 0, 0, 0]);
  const content = new Datastore(file).read();
  assert.equal(content.secrets.length, 100);
  assert.equal(content.resourceVersion, 1100);
  assert.equal(existsSync(`${file}.lock`), false);
});

test('the API store reads Secrets from the datastore and Nodes from the cluster', () => {
  const ds = new Datastore(join(dir, 'd.json'));
  ds.init();
  const nodes = [
    { name: 'server-1', role: 'server', version: 'v1.18.6+k3s1', address: '127.9.9.9' },
    { name: 'agent-1', role: 'agent', version: 'v1.18.6+k3s1', address: '127.9.9.10' },
  ] as SimNode[];
  const store = new DatastoreKubeStore(
    ds,
    () => nodes,
    (n) => n.role === 'server',
  );
  const deleted: string[] = [];
  store.onSecretDeleted((s) => deleted.push(s.name));
  store.putSecret(secret('y'));
  assert.equal(new Datastore(ds.path).getSecret('kube-system', 'k3s-serving')?.type, 'kubernetes.io/tls');
  assert.deepEqual(
    store.listSecrets('kube-system').map((s) => s.name),
    ['k3s-serving'],
  );
  assert.equal(store.deleteSecret('kube-system', 'k3s-serving'), true);
  assert.equal(store.deleteSecret('kube-system', 'k3s-serving'), false);
  assert.deepEqual(deleted, ['k3s-serving']);
  assert.deepEqual(
    store.listNodes().map((n) => [n.name, n.ready, n.roles.join(',')]),
    [
      ['agent-1', false, ''],
      ['server-1', true, 'control-plane,master'],
    ],
  );
});

test('watchers replay every change in order, and resync when they fell too far behind', () => {
  const ds = new Datastore(join(dir, 'e.json'));
  ds.init();
  const start = ds.read().resourceVersion;
  ds.putSecret(secret('1'));
  ds.deleteSecret('kube-system', 'k3s-serving');
  ds.putSecret(secret('2'));
  ds.putSecret(secret('3'));
  assert.deepEqual(
    ds.eventsSince(start)?.map((e) => e.type),
    ['ADDED', 'DELETED', 'ADDED', 'MODIFIED'],
  );
  assert.deepEqual(
    ds.eventsSince(start + 2)?.map((e) => e.type),
    ['ADDED', 'MODIFIED'],
  );
  assert.deepEqual(ds.eventsSince(ds.read().resourceVersion), []);
  for (let i = 0; i < 250; i++) ds.putSecret(secret(`x${i}`));
  assert.equal(ds.eventsSince(start), undefined, 'history is bounded: an old watcher must resync');
});
