/**
 * Asks for a password on the terminal without echoing it (`-K`, `-k`). Only used when standard
 * input is a terminal: unattended runs never wait for an answer nobody will type.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** Prompts on stderr and reads one line from stdin with echo off. */
export function askSecretOnTerminal(question: string): Promise<string> {
  process.stderr.write(question);
  // Nothing typed is echoed: readline writes into a sink.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
