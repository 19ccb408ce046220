/**
 * `kube_secret` run: `get` or `absent` of one Secret through kubectl on the host. `absent` reads
 * the Secret first (so the result says what was deleted, and check mode can say whether it
 * would be), then deletes it; a Secret already gone is `changed: false`. Certificate entries
 * come back parsed; key material never comes back (see `secret-view.ts`).
 */

import type { DescribeOptions } from '../../x509/describe.js';
import { judgingOptions } from '../../x509/judging.js';
import { failed } from '../host-ops/host-exec.js';
import type { KubeSecretArgs } from '../kube-secret.js';
import type { StepContext, StepResult } from '../step-run.js';
import { type KubectlCall, KubectlRunner } from './kubectl-runner.js';
import { type SecretView, secretView } from './secret-view.js';

type Found = SecretView | { exists: false };

/** Runs kube_secret for one host. */
export async function runKubeSecret(args: KubeSecretArgs, ctx: StepContext): Promise<StepResult> {
  // Checked before kubectl runs: a bad moment is one clear failure, not a null per certificate.
  const judging = judgingOptions(args, ctx.now());
  if ('error' in judging) return failed(judging.error);
  const runner = KubectlRunner.create(ctx, {
    kubectl: args.kubectl,
    insecure: args.insecure_skip_tls_verify,
    ...(args.kubeconfig !== undefined ? { kubeconfig: args.kubeconfig } : {}),
  });
  if ('error' in runner) return failed(runner.error);
  const get = await runner.run(['get', 'secret', args.name, '--namespace', args.namespace, '--output', 'json']);
  const found = readSecret(get, args, judging.options);
  if ('error' in found) return failed(found.error, flags(runner, args, get));
  const data = { ...found, ...flags(runner, args) };
  const where = `${args.namespace}/${args.name}`;
  if (args.state === 'get')
    return { changed: false, msg: found.exists ? `Secret ${where} exists` : `Secret ${where} does not exist`, data };
  if (!found.exists) return { changed: false, msg: `Secret ${where} is already absent`, data };
  if (ctx.check) return { changed: true, msg: `Secret ${where} would be deleted`, data };
  const del = await runner.run(['delete', 'secret', args.name, '--namespace', args.namespace, `--wait=${args.wait}`]);
  if (del.result.rc === 0) return { changed: true, msg: `Secret ${where} deleted`, data: { ...data, ...flags(runner, args) } };
  // Someone else deleted it between our get and our delete: it is absent, which is what was asked.
  if (isNotFound(del, args.name))
    return { changed: false, msg: `Secret ${where} is already absent`, data: { ...data, ...flags(runner, args) } };
  return failed(`deleting Secret ${where}: ${del.error}`, { ...data, ...flags(runner, args, del) });
}

function readSecret(get: KubectlCall, args: KubeSecretArgs, judging: DescribeOptions): Found | { error: string } {
  if (get.result.rc === 0) return secretView(get.result.stdout, judging);
  if (isNotFound(get, args.name)) return { exists: false };
  return { error: `reading Secret ${args.namespace}/${args.name}: ${get.error}` };
}

function isNotFound(call: KubectlCall, name: string): boolean {
  return call.result.rc !== 0 && call.result.stderr.includes(`Error from server (NotFound): secrets "${name}" not found`);
}

/** What the result says about verification, plus kubectl's exit status and error after a failure. */
function flags(runner: KubectlRunner, args: KubeSecretArgs, failedCall?: KubectlCall): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: args.name,
    namespace: args.namespace,
    insecure: runner.insecure,
    insecure_retry: runner.retriedAfter !== undefined,
  };
  if (runner.retriedAfter !== undefined) out.tls_error = runner.retriedAfter;
  if (failedCall) {
    out.rc = failedCall.result.rc;
    out.stderr = failedCall.result.stderr;
  }
  return out;
}
