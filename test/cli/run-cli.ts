/** Runs `main` in-process with captured output, for the CLI tests. */
import { main } from '../../src/cli/main.js';

/** What one in-process `certbook` invocation printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options: the working directory, environment, and a stdout that throws (to inject a failure). */
export interface RunCliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdoutThrows?: Error;
}

/** Runs `certbook ...argv` in this process. */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: {
      write: (text: string) => {
        if (options.stdoutThrows) throw options.stdoutThrows;
        stdout += text;
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}
