/**
 * `x509_info` run: reads the certificate files in one `readFiles` round trip (plus one exec
 * first when `paths` has glob patterns, see `remote-globs.ts`), parses them on the controller
 * and judges them as of now or `at`. It only reads: `changed` is always false, in check mode too.
 */
import type { ReadFilesEntry } from '../../connection/host.js';
import { type CertificateFacts, type DescribeOptions, describeCertificate, soonestToExpire } from '../../x509/describe.js';
import { judgingOptions } from '../../x509/judging.js';
import { isoSeconds } from '../../x509/moments.js';
import { DEFAULT_MAX_CERT_FILE_BYTES, parseCertificates } from '../../x509/parse.js';
import { failed } from '../host-ops/host-exec.js';
import { asList } from '../host-ops/step-args.js';
import type { StepContext, StepResult } from '../step-run.js';
import type { X509InfoArgs } from '../x509-info.js';
import { canGlobRead, readGlobsInOneCommand } from './glob-read.js';
import { expandGlobs, filesOfSpecs, isGlob } from './remote-globs.js';

/** One certificate as registered: where it came from, then its facts. */
export type RegisteredCertificate = { path?: string; index: number } & CertificateFacts;

/** A file (or the inline content) that could not be read or parsed. */
export interface FileError {
  path?: string;
  error: string;
}

/** Runs x509_info for one host. */
export async function runX509Info(args: X509InfoArgs, ctx: StepContext): Promise<StepResult> {
  const judging = judgingOptions(args, ctx.now());
  if ('error' in judging) return failed(judging.error);
  const { options } = judging;
  if (args.content !== undefined) {
    const read = certificatesOf(args.content, undefined, args.bundle, options);
    return result(read.certificates, read.errors, [], options, args.fail_on_missing);
  }
  const read = await readSpecs(ctx, args.path !== undefined ? [args.path] : asList(args.paths));
  if ('error' in read) return failed(read.error);
  const { entries } = read;
  const certificates: RegisteredCertificate[] = [];
  const errors: FileError[] = [];
  const missing = [...read.missing];
  for (const entry of entries) {
    const read = readEntry(entry, args.bundle, options);
    if (read === 'missing') missing.push(entry.path);
    else {
      certificates.push(...read.certificates);
      errors.push(...read.errors);
    }
  }
  return result(certificates, errors, missing, options, args.fail_on_missing);
}

/**
 * The files `specs` name, read: in one command when the host's shell can expand the patterns
 * and read the matches at once (glob-read.ts), else expanded first and read after.
 */
async function readSpecs(ctx: StepContext, specs: string[]): Promise<{ entries: ReadFilesEntry[]; missing: string[] } | { error: string }> {
  if (specs.some(isGlob) && canGlobRead(specs)) {
    const read = await readGlobsInOneCommand(ctx, specs, DEFAULT_MAX_CERT_FILE_BYTES);
    if (read !== 'fallback') return read;
  }
  const resolved = await resolvePaths(ctx, specs);
  if ('error' in resolved) return resolved;
  const entries = await ctx.host.readFiles(resolved.files, {
    maxBytes: DEFAULT_MAX_CERT_FILE_BYTES,
    ...(ctx.become ? { become: ctx.become } : {}),
  });
  return { entries, missing: resolved.missing };
}

/** Literal paths as they are; patterns expanded on the host. Patterns matching nothing are missing. */
async function resolvePaths(ctx: StepContext, specs: string[]): Promise<{ files: string[]; missing: string[] } | { error: string }> {
  const patterns = specs.filter(isGlob);
  const expanded = patterns.length ? await expandGlobs(ctx, patterns) : { matches: [] };
  if ('error' in expanded) return expanded;
  return filesOfSpecs(specs, (spec) => (isGlob(spec) ? (expanded.matches[patterns.indexOf(spec)] ?? []) : [spec]));
}

function readEntry(
  entry: ReadFilesEntry,
  bundle: boolean,
  options: DescribeOptions,
): 'missing' | { certificates: RegisteredCertificate[]; errors: FileError[] } {
  if (!entry.ok) {
    if (entry.code === 'ENOENT') return 'missing';
    return { certificates: [], errors: [{ path: entry.path, error: entry.message }] };
  }
  return certificatesOf(entry.data, entry.path, bundle, options);
}

/** Parses and describes one file's certificates; a certificate that cannot be described is an error, not a crash. */
function certificatesOf(
  data: Buffer | string,
  path: string | undefined,
  bundle: boolean,
  options: DescribeOptions,
): { certificates: RegisteredCertificate[]; errors: FileError[] } {
  const parsed = parseCertificates(data, { bundle });
  const at = path === undefined ? {} : { path };
  const errors: FileError[] = parsed.errors.map((error) => ({ ...at, error }));
  const certificates: RegisteredCertificate[] = [];
  parsed.certificates.forEach((cert, index) => {
    try {
      certificates.push({ ...at, index, ...describeCertificate(cert, options) });
    } catch (err) {
      errors.push({ ...at, error: `certificate #${index}: ${err instanceof Error ? err.message : String(err)}` });
    }
  });
  return { certificates, errors };
}

function result(
  certificates: RegisteredCertificate[],
  errors: FileError[],
  missing: string[],
  options: DescribeOptions,
  failOnMissing: boolean,
): StepResult {
  const data: Record<string, unknown> = { certificates, missing, errors, judged_at: isoSeconds(options.now) };
  const soonest = soonestToExpire(certificates);
  if (soonest) data.soonest = soonest;
  const problems = [
    ...errors.map((e) => (e.path !== undefined ? `${e.path}: ${e.error}` : e.error)),
    ...(failOnMissing ? missing.map((m) => `${m}: no such file`) : []),
  ];
  if (problems.length) return failed(problems.length === 1 ? problems[0]! : `${problems.length} problems: ${problems.join('; ')}`, data);
  const msg = soonest
    ? `${certificates.length} certificate${certificates.length === 1 ? '' : 's'}; the first to expire is ${soonest.subject} on ${soonest.not_after}`
    : 'no certificate read';
  return { changed: false, msg, data };
}
