/**
 * `certbook demo`: a simulated k3s fleet with expired certificates, checked, rotated and checked
 * again by the built-in playbooks, then removed (src/demo/run-demo.ts).
 */
import { runDemo } from '../../demo/run-demo.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { main } from '../main.js';

/** Runs the demo; 0 when the trap was found and fixed, 99 when interrupted (all removed), 1 otherwise. */
export async function demoCommand(io: CliIo): Promise<number> {
  try {
    const result = await runDemo((argv) => main(argv, io), io.stdout, io.signals?.stop);
    if (result.interrupted) return EXIT.INTERRUPTED;
    io.stdout.write(`\n==> Demo finished in ${(result.wallMs / 1000).toFixed(1)} s.\n`);
    return result.ok ? EXIT.OK : EXIT.ERROR;
  } catch (error) {
    io.stderr.write(`certbook demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.ERROR;
  }
}
