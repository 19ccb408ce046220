/**
 * `k3s certificate rotate|check …` on a simulated node: `node --import tsx k3s-cli.ts
 * <cluster-root> <node> certificate <rotate|check> [args…]`, run by the node's `k3s` shim only on
 * versions that have the subcommand. Prints what the rules return and exits with their code.
 */
import { clusterNode, readClusterFile } from './cluster-file.js';
import { certificateCheck, certificateRotate } from './rules.js';

async function main(argv: string[]): Promise<number> {
  const [root, name, group, sub, ...args] = argv;
  if (!root || !name || group !== 'certificate' || (sub !== 'rotate' && sub !== 'check')) {
    process.stderr.write('usage: k3s-cli.ts <cluster-root> <node> certificate rotate|check [args...]\n');
    return 2;
  }
  const node = clusterNode(readClusterFile(root), name);
  const out = await (sub === 'rotate' ? certificateRotate : certificateCheck)(node, args, new Date());
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  return out.code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`k3s: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
