/**
 * kubectl on the host, as kube_secret runs it: the user's command prefix (`kubectl`,
 * `k3s kubectl`, `/usr/local/bin/kubectl`) split into words and each quoted, the kubeconfig,
 * and the TLS policy. With `insecure_skip_tls_verify: auto` the first call is made with
 * verification on; only when kubectl fails with `x509: certificate has expired or is not yet
 * valid` is it repeated once with `--insecure-skip-tls-verify`, and every later call of the
 * task keeps that flag. Other TLS errors (`certificate signed by unknown authority`, a name
 * mismatch) are never retried: they mean "not the server you think", which skipping
 * verification would hide; an expired certificate on the right server is the k3s failure
 * this step exists to get past.
 */
import type { ExecResult } from '../../connection/host.js';
import { shellQuote } from '../../connection/shell-quote.js';
import { execOnHost, lastLine } from '../host-ops/host-exec.js';
import { splitShellWords } from '../host-ops/shell-words.js';
import type { StepContext } from '../step-run.js';

/** kubectl's words for an expired or not-yet-valid serving certificate (Go's x509 error text). */
export const EXPIRED_CERT_ERROR = 'x509: certificate has expired or is not yet valid';

/** How to run kubectl. */
export interface KubectlSettings {
  /** The command prefix, e.g. `k3s kubectl`. */
  kubectl: string;
  kubeconfig?: string;
  insecure: boolean | 'auto';
}

/** One kubectl call's outcome. */
export interface KubectlCall {
  result: ExecResult;
  /** The line kubectl ended with on failure (its error), '' on success. */
  error: string;
}

/** Runs kubectl calls for one task, remembering whether verification had to be skipped. */
export class KubectlRunner {
  /** True once a call was made with `--insecure-skip-tls-verify`. */
  insecure: boolean;
  /** The expired-certificate error that made `auto` retry, when it did. */
  retriedAfter: string | undefined;
  private readonly prefix: string;

  private constructor(
    private readonly ctx: StepContext,
    private readonly settings: KubectlSettings,
    words: string[],
  ) {
    this.insecure = settings.insecure === true;
    this.prefix = words.map(shellQuote).join(' ');
  }

  /** A runner, or why the `kubectl` argument cannot be used. */
  static create(ctx: StepContext, settings: KubectlSettings): KubectlRunner | { error: string } {
    const split = splitShellWords(settings.kubectl);
    if ('error' in split) return { error: `kubectl: ${split.error}` };
    if (split.words.length === 0) return { error: 'kubectl: the command is empty' };
    return new KubectlRunner(ctx, settings, split.words);
  }

  /** Runs `kubectl <global flags> <args>`, retrying once without verification when `auto` allows it. */
  async run(args: readonly string[]): Promise<KubectlCall> {
    let call = await this.once(args);
    if (this.settings.insecure === 'auto' && !this.insecure && call.result.rc !== 0 && call.result.stderr.includes(EXPIRED_CERT_ERROR)) {
      this.retriedAfter = call.error;
      this.insecure = true;
      call = await this.once(args);
    }
    return call;
  }

  /** The command line for `args` (for messages and tests). */
  commandLine(args: readonly string[]): string {
    const flags = [
      ...(this.settings.kubeconfig !== undefined ? ['--kubeconfig', this.settings.kubeconfig] : []),
      ...(this.insecure ? ['--insecure-skip-tls-verify'] : []),
    ];
    return [this.prefix, ...[...flags, ...args].map(shellQuote)].join(' ');
  }

  private async once(args: readonly string[]): Promise<KubectlCall> {
    const result = await execOnHost(this.ctx, this.commandLine(args));
    const error =
      result.rc === 0
        ? ''
        : (result.becomeError?.message ??
          (result.timedOut ? 'kubectl timed out' : lastLine(result.stderr) || `kubectl exited with ${result.rc ?? result.signal}`));
    return { result, error };
  }
}
