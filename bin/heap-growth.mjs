// How fast certbook's heap may grow between full garbage collections. V8's default lets the old
// generation grow up to 4x past what survived the last collection; a fleet run allocates far more
// short-lived data (rendered templates, per-host results) than it keeps, so at 1,000 hosts the
// peak RSS was 331-340 MB for about 70 MB still alive at the end. Growing 20% at a time measured
// 253 MB peak for the same run and the same CPU time (17.8 s both; README, Benchmark). Plain
// JavaScript: `bin/certbook.js` applies it before anything is loaded.
import { setFlagsFromString } from 'node:v8';
import { userGaveNodeFlag } from './node-flags.mjs';

/** The V8 flag certbook sets unless the user tuned the heap. */
export const HEAP_GROWTH_FLAG = '--heap-growing-percent=20';

/**
 * The flag to set: {@link HEAP_GROWTH_FLAG}, or undefined when the node command line or
 * NODE_OPTIONS already tunes the heap (the user's choice wins).
 * @param {readonly string[]} execArgv
 * @param {string | undefined} nodeOptions
 * @returns {string | undefined}
 */
export function heapGrowthFlag(execArgv, nodeOptions) {
  const tuned = userGaveNodeFlag(
    /^--(heap[-_]growing[-_]percent|max[-_]old[-_]space[-_]size|optimize[-_]for[-_]size)\b/,
    execArgv,
    nodeOptions,
  );
  return tuned ? undefined : HEAP_GROWTH_FLAG;
}

/** Sets {@link heapGrowthFlag} for this process (V8 reads it at every collection). */
export function tuneHeapGrowth() {
  const flag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS);
  if (flag) setFlagsFromString(flag);
}
