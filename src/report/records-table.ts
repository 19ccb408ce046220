/**
 * Published records as aligned text tables, the way `kubeadm certs check-expiration` prints its
 * certificates: upper-case headers, columns padded with three spaces, no trailing blanks. Each
 * table gets an Ansible-style banner so it reads as part of the same run output.
 */
import { banner } from './recap.js';
import type { RecordTable } from './record-book.js';
import { escapeLabel, textWidth, truncateToWidth } from './safe-text.js';

/** Space between columns. */
const GAP = '   ';

/** Longest cell shown; longer values are cut with `…` (the JSON report keeps them whole). */
export const MAX_CELL_WIDTH = 100;

/** A cell's text: scalars as written, null as blank, anything else as compact JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

/** A cell made safe for a terminal and cut to {@link MAX_CELL_WIDTH}. */
function safeCell(value: unknown): string {
  return truncateToWidth(escapeLabel(cellText(value)), MAX_CELL_WIDTH);
}

/** `not_after` → `NOT AFTER`. */
function header(column: string): string {
  return column.replace(/_/g, ' ').toUpperCase();
}

/** The table's lines (header first), without a banner. The host that published each row leads. */
export function tableLines(table: RecordTable): string[] {
  const grid = [
    ['HOST', ...table.columns.map(header)],
    ...table.rows.map((row) => [escapeLabel(row.host), ...table.columns.map((c) => safeCell(row.values[c]))]),
  ];
  const widths = grid[0]!.map((_, i) => Math.max(...grid.map((cells) => textWidth(cells[i] ?? ''))));
  return grid.map((cells) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - textWidth(cell))))
      .join(GAP)
      .trimEnd(),
  );
}

/**
 * Every table as printed at the end of a run: `RECORDS [name] ***` banner, the aligned table
 * and a blank line. '' when nothing was published.
 */
export function formatRecordTables(tables: readonly RecordTable[], columns = 80): string {
  return tables.map((table) => `${banner(`RECORDS [${escapeLabel(table.name)}]`, columns)}\n${tableLines(table).join('\n')}\n\n`).join('');
}
