import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecordBook } from '../../src/report/record-book.js';
import { formatRecordTables, tableLines } from '../../src/report/records-table.js';

function book(
  events: Array<{ host: string; rows: Record<string, unknown>[]; columns?: string[]; sortBy?: string[] }>,
  table = 'certificates',
): RecordBook {
  const b = new RecordBook();
  for (const e of events) b.add({ kind: 'records', table, ...e });
  return b;
}

test('rows come out by host (natural order), then in the order each host published them', () => {
  const b = book([
    { host: 'node10', rows: [{ path: '/b' }, { path: '/a' }] },
    { host: 'node2', rows: [{ path: '/z' }] },
    { host: 'node10', rows: [{ path: '/c' }] },
  ]);
  const [table] = b.tables();
  assert.deepEqual(
    table!.rows.map((r) => `${r.host}${r.values.path}`),
    ['node2/z', 'node10/b', 'node10/a', 'node10/c'],
  );
});

test('sortBy orders numbers by value and puts missing values last; columns keep the given order', () => {
  const b = book([
    {
      host: 'a',
      rows: [
        { path: '/x', days_left: 40 },
        { path: '/y', days_left: 3 },
      ],
      columns: ['days_left', 'path'],
      sortBy: ['days_left'],
    },
    { host: 'b', rows: [{ path: '/z', days_left: 120 }, { path: '/w' }] },
  ]);
  const [table] = b.tables();
  assert.deepEqual(table!.columns, ['days_left', 'path']);
  assert.deepEqual(
    table!.rows.map((r) => r.values.path),
    ['/y', '/x', '/z', '/w'],
  );
});

test('tables are aligned like kubeadm: every column starts at the same place on every line', () => {
  const b = book([
    {
      host: 'server-1',
      rows: [{ path: '/var/lib/rancher/k3s/server/tls/client-admin.crt', not_after: '2026-01-01', days_left: 34, ca: false }],
    },
    { host: 's2', rows: [{ path: '/x', not_after: '2027-12-31', days_left: 400, ca: true }] },
  ]);
  const lines = tableLines(b.tables()[0]!);
  assert.equal(lines.length, 3);
  assert.deepEqual(lines[0]!.split(/ {3,}/), ['HOST', 'PATH', 'NOT AFTER', 'DAYS LEFT', 'CA']);
  for (const header of ['PATH', 'NOT AFTER', 'DAYS LEFT', 'CA']) {
    const at = lines[0]!.indexOf(header);
    for (const line of lines.slice(1)) {
      assert.equal(line.slice(at - 3, at), '   ', `${header} column in ${line}`);
      assert.notEqual(line[at], ' ', `${header} column in ${line}`);
    }
  }
  for (const line of lines) assert.equal(line, line.trimEnd());
});

test('cells are single-line, control characters escaped, very long values cut', () => {
  const b = book([{ host: 'h\x1b[2J', rows: [{ note: 'two\nlines\x9b', long: 'x'.repeat(500) }] }]);
  const text = formatRecordTables(b.tables());
  assert.ok(text.startsWith('RECORDS [certificates] ***'));
  assert.equal(text.split('\n').length, 5);
  assert.ok(!/[\x00-\x09\x0b-\x1f\x7f-\x9f]/.test(text));
  assert.ok(text.includes('h\\u001b[2J') && text.includes('two\\u000alines\\u009b') && text.includes('…'));
  assert.ok(Math.max(...text.split('\n').map((l) => l.length)) < 200);
});
