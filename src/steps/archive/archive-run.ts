/**
 * `archive`: one exec to compare (also in check mode), one to write and rotate when needed.
 * The space check happens before anything is written: a backup that fills the disk under a
 * running k3s is worse than no backup.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { ArchiveArgs } from '../archive.js';
import { applyMode, chmodOperand } from '../host-ops/file-mode.js';
import { execOnHost, failed, lastLine, scriptFailure } from '../host-ops/host-exec.js';
import { asList } from '../host-ops/step-args.js';
import type { StepContext, StepResult } from '../step-run.js';
import { archiveName, archivePrefix, isArchiveName, retentionVictims } from './archive-names.js';
import { archiveReadScript, archiveWriteScript } from './archive-script.js';

/** Free space kept in reserve beyond the tarball's estimated size, in KiB. */
const SPACE_RESERVE_KB = 1024;

/** What the comparing exec found. */
interface ArchiveFacts {
  existing: string[];
  sourceHash?: string;
  newestHash?: string;
  newestSize?: number;
  newestEntries?: number;
  neededKb: number;
  freeKb: number;
}

/** Runs `archive`. */
export async function runArchive(a: ArchiveArgs, ctx: StepContext): Promise<StepResult> {
  const prefix = archivePrefix(a);
  const excludes = asList(a.exclude_path);
  const read = await execOnHost(ctx, archiveReadScript(a, prefix, excludes));
  const problem = scriptFailure(read, `cannot read ${a.path}`);
  if (problem) return failed(problem);
  const noSource = /^@NOSRC (.*)$/m.exec(read.stdout);
  if (noSource) return failed(`cannot archive ${a.path}: it ${noSource[1]}`);
  if (read.stdout.includes('@TARFAIL')) return failed(`tar could not read ${a.path}: ${lastLine(read.stderr)}`);
  const facts = parseFacts(read.stdout, prefix, a.format);
  const newest = facts.existing.at(-1);
  const create = a.force || newest === undefined || facts.newestHash !== facts.sourceHash;
  const name = create ? archiveName(prefix, a.format, ctx.now()) : undefined;
  const remove = retentionVictims(facts.existing, name ?? newest, a.retain);
  const archive = posix.join(a.dest, (name ?? newest)!);
  const data = {
    archive,
    created: create,
    removed: remove.map((n) => posix.join(a.dest, n)),
    files: facts.newestEntries,
    size: facts.newestSize,
  };
  if (!create && remove.length === 0) return { changed: false, msg: `${archive} already holds these contents`, data };
  if (create && facts.freeKb < facts.neededKb + SPACE_RESERVE_KB) {
    return failed(
      `not enough free space for a backup of ${a.path} in ${a.dest}: about ${facts.neededKb + SPACE_RESERVE_KB} KiB needed, ${facts.freeKb} KiB free`,
    );
  }
  if (ctx.check) return { changed: true, msg: describe(create, remove.length, true), data: { ...data, files: undefined, size: undefined } };
  const chmod = chmodOperand(applyMode(a.mode, 0o600, false));
  const tmpName = `.${name ?? 'none'}.certbook-${randomBytes(6).toString('hex')}.tmp`;
  const write = await execOnHost(ctx, archiveWriteScript(a, excludes, { ...(name ? { name } : {}), chmod, remove }, tmpName));
  const writeProblem = scriptFailure(write, `cannot write the backup of ${a.path}`);
  if (writeProblem) return failed(writeProblem, { archive: undefined, created: false, removed: [] });
  if (create) Object.assign(data, { files: field(write.stdout, 'F'), size: field(write.stdout, 'S') });
  return { changed: true, msg: describe(create, remove.length, false), data };
}

function parseFacts(stdout: string, prefix: string, format: ArchiveArgs['format']): ArchiveFacts {
  const lines = stdout.split('\n');
  const existing = lines
    .filter((l) => l.startsWith('L '))
    .map((l) => l.slice(2))
    .filter((n) => isArchiveName(n, prefix, format))
    .sort();
  const text = (tag: string): string | undefined =>
    lines
      .find((l) => l.startsWith(`${tag} `))
      ?.slice(2)
      .trim();
  const facts: ArchiveFacts = { existing, neededKb: field(stdout, 'K') ?? 0, freeKb: field(stdout, 'V') ?? 0 };
  const sourceHash = text('N');
  const newestHash = text('O');
  if (sourceHash) facts.sourceHash = sourceHash;
  if (newestHash) facts.newestHash = newestHash;
  const size = field(stdout, 'S');
  const entries = field(stdout, 'F');
  if (size !== undefined) facts.newestSize = size;
  if (entries !== undefined) facts.newestEntries = entries;
  return facts;
}

/** The number after `TAG ` on its own line. */
function field(stdout: string, tag: string): number | undefined {
  const m = new RegExp(`^${tag} +(\\d+)\\s*$`, 'm').exec(stdout);
  return m ? Number(m[1]) : undefined;
}

function describe(created: boolean, removed: number, check: boolean): string {
  const parts = [created ? 'write a new tarball' : '', removed ? `delete ${removed} old tarball${removed === 1 ? '' : 's'}` : ''].filter(
    Boolean,
  );
  return `${check ? 'would ' : ''}${parts.join(' and ')}`;
}
