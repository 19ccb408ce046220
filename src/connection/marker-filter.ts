/**
 * Splits one output stream at the start marker printed by `remote-command.ts`: what comes
 * before it is the preamble (login noise, sudo/su prompts and complaints), what follows is the
 * command's real output.
 */

/** Preamble bytes kept while waiting for the marker; noisier login scripts are cut. */
const MAX_PREAMBLE_BYTES = 256 * 1024;

/** Finds the marker line in a stream and forwards everything after it. */
export class MarkerFilter {
  private pending: Buffer = Buffer.alloc(0);
  private found = false;
  private readonly token: Buffer;
  /** The text on the marker line after the token (the pid on stderr), once found. */
  markerArgs = '';

  constructor(
    token: string,
    private readonly onOutput: (chunk: Buffer) => void,
    private readonly onMarker?: (args: string) => void,
  ) {
    this.token = Buffer.from(token, 'latin1');
  }

  /** True once the marker has been seen. */
  get started(): boolean {
    return this.found;
  }

  /** Everything received before the marker so far (or in total, if it never came). */
  preamble(): string {
    return this.pending.toString('utf8');
  }

  /** Feeds one chunk of the stream. */
  push(chunk: Buffer): void {
    if (this.found) {
      this.onOutput(chunk);
      return;
    }
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const at = this.pending.indexOf(this.token);
    const eol = at < 0 ? -1 : this.pending.indexOf(0x0a, at);
    if (eol < 0) {
      this.trim();
      return;
    }
    this.markerArgs = this.pending
      .subarray(at + this.token.length, eol)
      .toString('latin1')
      .trim();
    const rest = this.pending.subarray(eol + 1);
    this.pending = this.pending.subarray(0, at);
    this.found = true;
    this.onMarker?.(this.markerArgs);
    if (rest.length) this.onOutput(rest);
  }

  private trim(): void {
    if (this.pending.length <= MAX_PREAMBLE_BYTES) return;
    // Keep the tail: it holds the newest prompt and any half-received marker.
    this.pending = Buffer.from(this.pending.subarray(this.pending.length - MAX_PREAMBLE_BYTES / 2));
  }
}
