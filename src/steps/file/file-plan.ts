/**
 * `file` deciding what to change from what it read: pure, so check mode, diff mode and the real
 * run share one decision.
 */

import type { FileArgs } from '../file.js';
import { applyMode, chmodOperand, hostChmodSpec } from '../host-ops/file-mode.js';
import { octal, type PathFacts } from '../host-ops/path-stat.js';
import type { FileState } from './file-state.js';

/** What to do to the path. */
export interface FilePlan {
  /** Why nothing can be done (the task fails). */
  error?: string;
  create?: 'directory' | 'file';
  remove?: boolean;
  /** chmod operand to run (numeric, or a normalised symbolic spec), with `-R` when `recursive`. */
  chmod?: string;
  /** chown operand: `uid`, `:gid` or `uid:gid`. */
  chown?: string;
  recursive: boolean;
  /** The attributes before and after, for the diff and for check mode's registered values. */
  before: Record<string, string>;
  after: Record<string, string>;
}

/** Decides what `file` changes. */
export function planFile(a: FileArgs, s: FileState): FilePlan {
  const plan: FilePlan = { recursive: false, before: {}, after: {} };
  if (s.answer.state === 'error') return { ...plan, error: `cannot read ${a.path}: ${s.answer.message}` };
  if (s.ownerUnknown) return { ...plan, error: `the user ${JSON.stringify(a.owner)} does not exist on the host` };
  if (s.groupUnknown) return { ...plan, error: `the group ${JSON.stringify(a.group)} does not exist on the host` };
  const facts = s.answer.state === 'present' ? s.answer.facts : undefined;
  plan.before = facts ? describe(facts) : { state: 'absent' };
  if (a.state === 'absent') {
    plan.after = { state: 'absent' };
    if (facts) plan.remove = true;
    return plan;
  }
  const problem = kindProblem(a, facts);
  if (problem) return { ...plan, error: problem };
  if (!facts) plan.create = a.state === 'directory' ? 'directory' : 'file';
  planAttributes(a, s, facts, plan);
  return plan;
}

function kindProblem(a: FileArgs, facts: PathFacts | undefined): string | undefined {
  if (a.state === 'directory' && facts && facts.kind !== 'directory') return `${a.path} exists and is not a directory`;
  if (a.state === 'file' && !facts)
    return `${a.path} does not exist (\`state: file\` only adjusts an existing file; use \`touch\` or the \`copy\` step to create one)`;
  if (a.state === 'file' && facts?.kind === 'directory') return `${a.path} is a directory, not a file`;
  return undefined;
}

function planAttributes(a: FileArgs, s: FileState, facts: PathFacts | undefined, plan: FilePlan): void {
  const isDir = plan.create === 'directory' || facts?.kind === 'directory';
  const tree = a.recurse && a.state === 'directory' ? s.tree : [];
  plan.recursive = tree.length > 0;
  // A new path's mode is not known before it exists; 0755/0644 is what the usual umask gives.
  const current = facts?.perms ?? (isDir ? 0o755 : 0o644);
  plan.after = { ...plan.before, state: isDir ? 'directory' : plan.before.state === 'absent' ? 'file' : plan.before.state! };
  if (a.mode !== undefined) {
    const target = applyMode(a.mode, current, isDir);
    const treeDiffers = tree.some((e) => applyMode(a.mode!, e.perms, e.isDir) !== e.perms);
    if (plan.create || target !== current || treeDiffers) {
      // Existing single paths get the exact number; new or recursive ones the (normalised) spec.
      plan.chmod = plan.create || plan.recursive ? hostChmodSpec(a.mode) : chmodOperand(target);
    }
    plan.after.mode = octal(target);
  }
  const uidChange = s.uid !== undefined && (s.uid !== facts?.uid || tree.some((e) => e.uid !== s.uid));
  const gidChange = s.gid !== undefined && (s.gid !== facts?.gid || tree.some((e) => e.gid !== s.gid));
  if (uidChange || gidChange) plan.chown = `${uidChange ? s.uid : ''}${gidChange ? `:${s.gid}` : ''}`;
  if (a.owner !== undefined) plan.after.owner = facts?.uid === s.uid ? plan.before.owner! : a.owner;
  if (a.group !== undefined) plan.after.group = facts?.gid === s.gid ? plan.before.group! : a.group;
}

/** The attributes `file` reports for existing metadata. */
export function describe(f: PathFacts): Record<string, string> {
  return {
    state: f.kind === 'directory' ? 'directory' : f.kind === 'file' ? 'file' : f.kind,
    mode: octal(f.perms),
    owner: f.owner,
    group: f.group,
  };
}

/** True when the plan changes anything. */
export function planChanges(plan: FilePlan): boolean {
  return Boolean(plan.create || plan.remove || plan.chmod || plan.chown);
}
