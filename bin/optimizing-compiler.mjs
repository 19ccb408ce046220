// When V8's optimizing compiler (TurboFan) may work. Loading and checking a playbook runs each
// function a few times at most, yet V8 starts optimizing the YAML parser and the checks while they
// run, on background threads that compete for the same cores and that the process waits for at
// exit: `certbook run check-expiry --syntax-check` spent 170-200 ms of CPU on it (of ~600) for
// nothing. So certbook starts with it off and turns it back on when a run starts executing tasks
// (src/cli/commands/execute-run.ts), or after START_UP_MS whatever the command does.
// Plain JavaScript: `bin/certbook.js` applies it before anything is loaded.
import { setFlagsFromString } from 'node:v8';
import { userGaveNodeFlag } from './node-flags.mjs';

/** How long a command may run before the optimizing compiler is back on in any case. */
export const START_UP_MS = 1000;

/**
 * Whether the node command line or NODE_OPTIONS already decides about the optimizing compiler
 * (the user's choice wins: certbook then never switches it).
 * @param {readonly string[]} execArgv
 * @param {string | undefined} nodeOptions
 * @returns {boolean}
 */
export function optimizerTuned(execArgv, nodeOptions) {
  return userGaveNodeFlag(/^--(no[-_])?(opt|turbofan|jitless|max[-_]opt|always[-_]turbofan)\b/, execArgv, nodeOptions);
}

/** Turns the optimizing compiler off for start-up, unless the user tuned it; back on after {@link START_UP_MS}. */
export function deferOptimizingCompiler() {
  if (optimizerTuned(process.execArgv, process.env.NODE_OPTIONS)) return;
  setFlagsFromString('--no-turbofan');
  setTimeout(resumeOptimizingCompiler, START_UP_MS).unref();
}

/**
 * Turns the optimizing compiler back on (where the long work starts), unless the user tuned it.
 * Harmless when it was never off.
 */
export function resumeOptimizingCompiler() {
  if (!optimizerTuned(process.execArgv, process.env.NODE_OPTIONS)) setFlagsFromString('--turbofan');
}
