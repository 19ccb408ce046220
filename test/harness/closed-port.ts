/** A TCP port on 127.0.0.1 with nothing listening: taken, then released (a real refusal). */
import { createServer } from 'node:net';

/** Resolves with a port that refuses connections. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}
