/** `certbook demo`: a placeholder that says plainly it is not built yet. */
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';

/** Says the demo is not built yet and exits 1 (an error: nothing was demonstrated). */
export function demoCommand(io: CliIo): number {
  io.stderr.write('certbook demo is not built yet: it will start a throwaway k3s cluster with expired certificates '
    + 'and repair it with the built-in playbooks. Nothing was done.\n');
  return EXIT.ERROR;
}
