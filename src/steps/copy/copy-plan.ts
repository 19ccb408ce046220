/** `copy` deciding what to write, from the source and what the first exec found. Pure. */

import type { CopyArgs } from '../copy.js';
import { applyMode, chmodOperand } from '../host-ops/file-mode.js';
import { octal, type PathFacts } from '../host-ops/path-stat.js';
import type { LocalSource } from './copy-source.js';
import type { CopyState } from './copy-state.js';

/** What `copy` will do. */
export interface CopyPlan {
  error?: string;
  /** New contents must be written (a temporary file renamed over the destination). */
  writeContent: boolean;
  /** chmod operand for the written or existing file; undefined to leave the mode alone. */
  chmod?: string;
  /** chown operand (`uid`, `:gid`, `uid:gid`) when ownership must be set. */
  chown?: string;
  /** The existing file's ids, kept on a replacement when no owner/group is asked for. */
  keepIds?: string;
  /** Mode, checksum and size the file will have, for check mode's registered values. */
  mode?: string;
  sha1?: string;
  size?: number;
}

/** Decides what `copy` changes. */
export function planCopy(a: CopyArgs, s: CopyState, local: LocalSource | undefined): CopyPlan {
  const plan: CopyPlan = { writeContent: false };
  if (s.dest.state === 'error') return { ...plan, error: `cannot read ${s.path}: ${s.dest.message}` };
  const dest = s.dest.state === 'present' ? s.dest.facts : undefined;
  if (dest?.kind === 'directory') {
    return {
      ...plan,
      error: a.content !== undefined ? `${a.dest} is a directory: \`content\` needs a file name in \`dest\`` : `${s.path} is a directory`,
    };
  }
  if (!dest && !s.parentExists) return { ...plan, error: `the directory of ${s.path} does not exist (create it with the \`file\` step)` };
  if (a.owner !== undefined && s.uid === undefined)
    return { ...plan, error: `the user ${JSON.stringify(a.owner)} does not exist on the host` };
  if (a.group !== undefined && s.gid === undefined)
    return { ...plan, error: `the group ${JSON.stringify(a.group)} does not exist on the host` };
  const source = sourceFacts(a, s, local);
  if (typeof source === 'string') return { ...plan, error: source };
  if (dest && !a.force) return { ...plan, mode: octal(dest.perms), sha1: s.destSha1 ?? '', size: dest.size };
  plan.writeContent = !dest || s.destSha1 !== source.sha1;
  plan.sha1 = source.sha1;
  plan.size = source.size;
  planAttributes(a, dest, source.perms, plan, s);
  return plan;
}

function sourceFacts(a: CopyArgs, s: CopyState, local: LocalSource | undefined): { sha1: string; size: number; perms?: number } | string {
  if (local) return { sha1: local.sha1, size: local.bytes.length, ...(local.perms !== undefined ? { perms: local.perms } : {}) };
  if (s.src?.state === 'absent') return `${a.src} does not exist on the host`;
  if (s.src?.state === 'error') return `cannot read ${a.src} on the host: ${s.src.message}`;
  if (s.src?.state !== 'present' || s.src.facts.kind !== 'file') return `${a.src} is not a regular file on the host`;
  if (!s.srcSha1) return `${a.src} cannot be read on the host (permission denied)`;
  return { sha1: s.srcSha1, size: s.src.facts.size, perms: s.src.facts.perms };
}

function planAttributes(a: CopyArgs, dest: PathFacts | undefined, srcPerms: number | undefined, plan: CopyPlan, s: CopyState): void {
  if (a.mode !== undefined) {
    const target = a.mode === 'preserve' ? (srcPerms ?? 0o644) : applyMode(a.mode, dest?.perms ?? 0o644, false);
    if (plan.writeContent || target !== dest?.perms) plan.chmod = chmodOperand(target);
    plan.mode = octal(target);
  } else if (dest) {
    // A replacement keeps the old file's mode.
    if (plan.writeContent) plan.chmod = chmodOperand(dest.perms);
    plan.mode = octal(dest.perms);
  }
  const uidChange = s.uid !== undefined && (plan.writeContent || s.uid !== dest?.uid);
  const gidChange = s.gid !== undefined && (plan.writeContent || s.gid !== dest?.gid);
  if (uidChange || gidChange) plan.chown = `${uidChange ? s.uid : ''}${gidChange ? `:${s.gid}` : ''}`;
  if (dest && plan.writeContent) plan.keepIds = `${a.owner === undefined ? dest.uid : ''}${a.group === undefined ? `:${dest.gid}` : ''}`;
}

/** True when anything is written or changed. */
export function copyChanges(plan: CopyPlan): boolean {
  return plan.writeContent || plan.chmod !== undefined || plan.chown !== undefined;
}
