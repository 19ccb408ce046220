/**
 * Collects a command's output up to a byte cap. Past the cap, chunks are still consumed (so the
 * remote side never blocks on a full pipe) but dropped, keeping memory bounded.
 */

/** A capped byte sink for one stream. */
export class OutputCollector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly maxBytes: number) {}

  /** Adds a chunk, keeping only what fits under the cap. */
  push(chunk: Buffer): void {
    const room = this.maxBytes - this.size;
    if (room <= 0) {
      if (chunk.length) this.truncated = true;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length < chunk.length) this.truncated = true;
    // Copy: the source may reuse its buffer (ssh2 channels do for small packets).
    this.chunks.push(Buffer.from(kept));
    this.size += kept.length;
  }

  /** The bytes collected. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }

  /** The collected bytes as UTF-8 (invalid sequences become U+FFFD). */
  text(): string {
    return this.bytes().toString('utf8');
  }
}
