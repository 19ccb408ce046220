/**
 * Reading the reports `certbook report merge` joins: each must be a report this certbook
 * writes (`schemas/report.schema.json`), checked in full, since the merge trusts their shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { fileProblem } from '../../errors/fs-error-text.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import { createAjv } from '../../validate/ajv.js';
import type { RunReport } from '../run-report.js';

/** One report to merge: where it was read from, and its content. */
export interface ShardReport {
  file: string;
  report: RunReport;
}

/** Why a merge is refused: what is wrong, and what to do. */
export interface MergeRefusal {
  message: string;
  hint?: string;
}

let validator: ValidateFunction | undefined;

function validate(value: unknown): string | undefined {
  validator ??= createAjv({ allErrors: false }).compile(
    JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'report.schema.json'), 'utf8')) as object,
  );
  if (validator(value)) return undefined;
  const e = validator.errors?.[0];
  return e ? `${e.instancePath || '/'} ${e.message ?? 'is not valid'}` : 'is not valid';
}

/** Reads every file (`path` to read, `name` to name it by, as typed); the reports, and every file's refusal. */
export function readShardReports(files: ReadonlyArray<{ path: string; name: string }>): {
  reports: ShardReport[];
  refusals: MergeRefusal[];
} {
  const reports: ShardReport[] = [];
  const refusals: MergeRefusal[] = [];
  for (const { path, name } of files) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      const message = error instanceof SyntaxError ? `${name}: not JSON (${error.message})` : fileProblem(error, name).message;
      refusals.push({ message });
      continue;
    }
    const wrong = validate(value);
    if (wrong !== undefined) {
      refusals.push({
        message: `${name}: not a report of this certbook: ${wrong}`,
        hint: 'merge the files `certbook run … --shard I/N --report FILE` wrote, with the same certbook version',
      });
      continue;
    }
    reports.push({ file: name, report: value as RunReport });
  }
  return { reports, refusals };
}
