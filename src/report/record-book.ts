/**
 * The tables that `publish` fills during a run, collected from `records` events. Hosts publish
 * in whatever order they finish, so the book, not arrival time, decides the order: the table's
 * sort columns if it has any, then host name, then the order each host published in.
 */
import type { RunEvent } from '../events/run-events.js';

/** One published row, tagged with the host that published it. */
export interface RecordRow {
  host: string;
  values: Record<string, unknown>;
}

/** A finished table: its columns in print order and its rows in their final order. */
export interface RecordTable {
  name: string;
  columns: string[];
  rows: RecordRow[];
  /** The columns the rows are sorted by (`publish sort_by:`), when the table has them. */
  sortBy?: string[];
}

interface Pending {
  columns?: string[];
  sortBy?: string[];
  rows: Array<RecordRow & { seq: number }>;
}

/** Accumulates `records` events; {@link RecordBook.tables} gives them ordered. */
export class RecordBook {
  private readonly pending = new Map<string, Pending>();
  private seq = 0;

  /** Adds the rows of one `records` event. */
  add(event: Extract<RunEvent, { kind: 'records' }>): void {
    let table = this.pending.get(event.table);
    if (!table) {
      table = { rows: [] };
      this.pending.set(event.table, table);
    }
    if (!table.columns && event.columns && event.columns.length > 0) table.columns = [...event.columns];
    if (!table.sortBy && event.sortBy && event.sortBy.length > 0) table.sortBy = [...event.sortBy];
    for (const values of event.rows) table.rows.push({ host: event.host, values, seq: this.seq++ });
  }

  get empty(): boolean {
    return this.pending.size === 0;
  }

  /** Every table, by name, rows sorted, columns resolved. */
  tables(): RecordTable[] {
    return [...this.pending.keys()].sort().map((name) => {
      const table = this.pending.get(name)!;
      const rows = [...table.rows].sort((a, b) => compareRows(a, b, table.sortBy ?? []));
      // The host is a table's first column already; a `host` value in the rows is that same fact.
      const columns = (table.columns ?? columnsInOrder(rows)).filter((c) => c !== 'host');
      return {
        name,
        columns,
        rows: rows.map(({ host, values }) => ({ host, values })),
        ...(table.sortBy ? { sortBy: [...table.sortBy] } : {}),
      };
    });
  }
}

function columnsInOrder(rows: readonly RecordRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.values)) seen.add(key);
  return [...seen];
}

/**
 * The book's order: the sort columns, then the host, then `seq` (the order one host published
 * in). `certbook report merge` sorts shards' rows with it, so a merged table is in the order
 * one run would have printed.
 */
export function compareRows(a: RecordRow & { seq: number }, b: RecordRow & { seq: number }, sortBy: readonly string[]): number {
  for (const column of sortBy) {
    const order = compareValues(a.values[column], b.values[column]);
    if (order !== 0) return order;
  }
  return compareText(a.host, b.host) || a.seq - b.seq;
}

/** Numbers by value, text naturally (`h2` before `h10`), missing values last. */
export function compareValues(a: unknown, b: unknown): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareText(String(a), String(b));
}

const collator = new Intl.Collator('en', { numeric: true });

function compareText(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
