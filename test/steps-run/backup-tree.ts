/**
 * A small `server/tls`-like tree for the archive and unarchive tests: private keys, a
 * directory of another owner, an empty directory, a link, a hostile name, fixed past times.
 */
import { chmodSync, chownSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Entries (relative paths) the tree holds besides its root. */
export const TREE_ENTRY_COUNT = 8;

/** The hostile file name in the tree. */
export const ODD_NAME = "odd $(touch PWNED)\n'x'.crt";

/** Builds the tree at `root` (which must not exist); `uid`/`gid` own `etcd/peer.key`. */
export function buildTlsTree(root: string, uid: number, gid: number): void {
  mkdirSync(join(root, 'etcd'), { recursive: true });
  mkdirSync(join(root, 'temporary-certs'));
  const files: [string, string, number][] = [
    ['server-ca.crt', 'CERT\n', 0o644],
    ['server-ca.key', 'KEY\n', 0o600],
    ['etcd/peer.key', 'PEER\n', 0o600],
    [ODD_NAME, 'ODD\n', 0o640],
    ['cache.tmp', 'scratch\n', 0o644],
  ];
  for (const [name, content, mode] of files) {
    writeFileSync(join(root, name), content);
    chmodSync(join(root, name), mode);
  }
  symlinkSync('server-ca.crt', join(root, 'current.crt'));
  chownSync(join(root, 'etcd', 'peer.key'), uid, gid);
  chmodSync(join(root, 'etcd'), 0o700);
  chmodSync(join(root, 'temporary-certs'), 0o755);
  chmodSync(root, 0o700);
  const past = new Date('2025-06-01T00:00:00Z');
  for (const name of ['server-ca.crt', 'server-ca.key', 'etcd/peer.key', ODD_NAME, 'cache.tmp', 'etcd', 'temporary-certs', '.']) {
    utimesSync(join(root, name), past, past);
  }
}
