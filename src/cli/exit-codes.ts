/**
 * The process exit codes of `certbook`, the same numbers ansible-playbook uses so schedulers,
 * CI jobs and people's habits carry over unchanged.
 */

/** Every exit code certbook returns, by meaning. */
export const EXIT = {
  /** Everything asked for was done; every host is ok. */
  OK: 0,
  /** An error that is none of the below (a feature that is not built yet; an output file not written by a run that was otherwise 0). */
  ERROR: 1,
  /** One or more hosts failed a task. */
  HOSTS_FAILED: 2,
  /** One or more hosts could not be reached. */
  HOSTS_UNREACHABLE: 3,
  /** A playbook, task file, inventory or vars file could not be parsed or validated. */
  LOAD_FAILED: 4,
  /** The command line itself is wrong: unknown option, missing or bad value, conflicting flags. */
  BAD_OPTIONS: 5,
  /** The run was interrupted (Ctrl-C, SIGTERM, SIGHUP), after its cleanup (README, "Interrupts"). */
  INTERRUPTED: 99,
  /** A bug: an exception nobody expected. */
  INTERNAL_ERROR: 250,
} as const;

/**
 * The exit code of a run after writing its output files (`--report`, `--events`, `--junit`,
 * `--metrics`). A file that could not be written never hides what happened on the hosts: a run
 * that already says 2, 3, 99 (or any non-zero code) keeps it; a run that was all good exits
 * {@link EXIT.ERROR} instead of 0, so a scheduler notices the missing file. The failures are
 * named on stderr either way.
 */
export function exitAfterOutputs(runCode: number, outputFailures: number): number {
  return runCode === EXIT.OK && outputFailures > 0 ? EXIT.ERROR : runCode;
}
