/** `publish`: add rows to a table printed at the end of the run. */

import { args, IDENTIFIER_PATTERN, str, strList } from './schema-helpers.js';
import type { StepDefinition } from './step.js';

/** One row's values: scalars only, so the table stays printable. */
const row = {
  type: 'object',
  propertyNames: { pattern: IDENTIFIER_PATTERN, errorHint: 'column names are letters, digits and `_`, not starting with a digit' },
  additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
};

/** Publishes records to the run's report, grouped into named tables. */
export const publishStep: StepDefinition = {
  name: 'publish',
  summary: 'Add rows to a table shown at the end of the run',
  description:
    "Appends `row` (one mapping) or `rows` (a list of them) to the run's table `table`, tagged with the host. Every reporter prints the tables " +
    'at the end of the run and the JSON report carries them under `records.<table>`: how `check-expiry` lists every certificate of the fleet in one place. ' +
    'Values must be text, numbers, booleans or null.',
  schema: args(
    {
      table: str('The table to add to; the same name from every host and task fills the same table.', {
        pattern: IDENTIFIER_PATTERN,
        errorHint: 'a table name is letters, digits and `_`, not starting with a digit',
      }),
      row: { ...row, description: 'One row, column → value.' },
      rows: { type: 'array', items: row, description: 'Several rows, each column → value.' },
      columns: strList('The column order when printed. Defaults to the order in which columns first appear.', { minItems: 1 }),
      sort_by: strList(
        'Columns to sort the printed table by, in order (numbers numerically, text as text); rows keep their order otherwise.',
        { minItems: 1 },
      ),
    },
    ['table'],
  ),
  conflicts: [['row', 'rows']],
  requiresOneOf: [['row', 'rows']],
  controllerOnly: true,
  checkMode: 'Runs as usual: the table is a report, not a change.',
  changed: 'Never.',
  returns: { table: 'the table name', added: 'how many rows were added' },
  examples: [
    {
      title: 'One row per certificate, for the end-of-run expiry table',
      yaml: '- name: Report certificate expiry\n  publish:\n    table: certificates\n    row:\n      path: "{{ item.path }}"\n      not_after: "{{ item.not_after }}"\n      days_left: "{{ item.days_left }}"\n  loop: "{{ k3s_tls.certificates }}"\n',
    },
    {
      title: 'Several rows at once, in a fixed column order',
      yaml: '- publish:\n    table: serving\n    columns: [endpoint, expires]\n    rows:\n      - endpoint: "{{ inventory_hostname }}:6443"\n        expires: "{{ served.certificate.not_after }}"\n      - endpoint: "{{ api_endpoint }}:443"\n        expires: "{{ public_cert.certificate.not_after }}"\n',
    },
  ],
  run: async (args, ctx) => {
    const given = (args.rows ?? [args.row]) as Record<string, unknown>[];
    // Every row names its host, so a fleet-wide table says where each row came from.
    const rows = given.map((row) => ('host' in row ? row : { host: ctx.hostName, ...row }));
    const columns = args.columns as string[] | undefined;
    const sortBy = args.sort_by as string[] | undefined;
    return {
      changed: false,
      records: { table: String(args.table), rows, ...(columns ? { columns } : {}), ...(sortBy ? { sortBy } : {}) },
      data: { table: args.table, added: rows.length },
    };
  },
};
