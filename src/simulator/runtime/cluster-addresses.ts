/**
 * Loopback addresses for a simulated cluster: one `127.a.b.c` per node, in a random block so
 * that clusters of concurrently running test files (and other harnesses' 127.0.0.x) do not
 * collide. Linux routes all of 127/8 to `lo`, so any of them can be bound without setup.
 */
import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/** `count` consecutive addresses in a random block of 127/8 (never 127.0.x.x). */
export function randomLoopbackAddresses(count: number): string[] {
  const a = randomInt(1, 255);
  const b = randomInt(0, 256);
  const start = randomInt(2, 200);
  return Array.from({ length: count }, (_, i) => {
    const n = b * 254 + (start - 1) + i; // skip .0 and .255 in the last octet
    return `127.${(a + Math.floor(n / (256 * 254))) % 255 || 1}.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
  });
}

/** True when `address:port` can be bound right now. */
export function canBind(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, address, () => srv.close(() => resolve(true)));
  });
}
