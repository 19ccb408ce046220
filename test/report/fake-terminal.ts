/** A writable stream that claims to be a terminal and keeps what was written, for reporter tests. */
import { Writable } from 'node:stream';

/** The stream and everything written to it. */
export interface FakeTerminal {
  stream: NodeJS.WriteStream;
  text(): string;
}

/** A fake `columns`×`rows` terminal (or, with `isTTY: false`, a pipe). */
export function fakeTerminal(options: { isTTY?: boolean; columns?: number; rows?: number } = {}): FakeTerminal {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      written += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: options.isTTY ?? true, columns: options.columns ?? 100, rows: options.rows ?? 40 });
  return { stream, text: () => written };
}

/**
 * What a terminal shows at the end, roughly: log-update's erase sequences (clear line, cursor
 * up) applied to the written text, cursor show/hide dropped.
 */
export function finalScreen(written: string): string {
  const lines: string[] = [''];
  for (const token of written.replace(/\x1b\[\?25[lh]/g, '').split(/(\x1b\[2K|\x1b\[1A|\x1b\[G|\n)/)) {
    if (token === '\n') lines.push('');
    else if (token === '\x1b[1A') lines.pop();
    else if (token === '\x1b[2K' || token === '\x1b[G') lines[lines.length - 1] = '';
    else if (token) lines[lines.length - 1] += token;
  }
  return lines.join('\n');
}
