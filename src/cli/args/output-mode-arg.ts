/**
 * `--output-mode MODE`: the permission bits of the files a command writes on the controller
 * (`run`'s --report, --events, --junit, --metrics, --html; `report`'s outputs). The writers' own
 * default is 0600, owner only; node_exporter runs as its own user and needs 0644 for the metrics.
 */
import { badOption, type CliProblem } from './cli-problem.js';
import type { OptionSpec } from './option-spec.js';

/** Octal permission bits; no setuid, setgid or sticky bit. */
const OUTPUT_MODE = /^0?[0-7]{3}$/;

/** The option, in `group` of the command that offers it. */
export function outputModeOption(group: string, files: string): OptionSpec & { key: 'outputMode'; kind: 'value' } {
  return {
    key: 'outputMode',
    long: 'output-mode',
    kind: 'value',
    metavar: 'MODE',
    group,
    help: `permission bits of the files ${files} write (octal; default 0600, owner only; 0644 lets node_exporter, running as its own user, read the metrics)`,
  };
}

/** The writers' `mode` option for an --output-mode value: nothing when absent (they default to 0600). */
export function modeOption(mode: number | undefined): { mode?: number } {
  return mode === undefined ? {} : { mode };
}

/** The mode `text` asks for, or why it cannot be used. */
export function parseOutputMode(text: string): number | CliProblem {
  if (!OUTPUT_MODE.test(text)) {
    return badOption(
      '--output-mode',
      `--output-mode ${JSON.stringify(text)} is not a file mode`,
      'write the permission bits in octal, e.g. 0600 (the default) or 0644',
    );
  }
  const mode = parseInt(text, 8);
  // A file anyone may write is one anyone may replace before node_exporter or a CI job reads it.
  if ((mode & 0o002) !== 0) {
    return badOption(
      '--output-mode',
      `--output-mode ${text} lets every user write the files`,
      'drop the write bit for others, e.g. 0644 or 0664',
    );
  }
  return mode;
}
