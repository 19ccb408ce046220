/**
 * Built-in per-host work that is not a playbook step (gathering facts): connect, run, and
 * report the result like any task, unreachable hosts included.
 */
import { HostUnreachableError } from '../connection/errors.js';
import type { Host } from '../connection/host.js';
import type { TaskRef } from '../events/run-events.js';
import type { HostState } from './host-state.js';
import { keywordText } from './keyword-chain.js';
import { mapLimit } from './map-limit.js';
import { recordResult } from './outcome.js';
import type { PlayRun } from './play-run.js';
import type { Execution } from './task-executor.js';

/** Runs `work` on every active host of `hosts`, `--forks` at a time, and records each result. */
export async function executeOnceOnHost(
  play: PlayRun,
  ref: TaskRef,
  hosts: string[],
  work: (host: HostState, connection: Host) => Promise<Execution>,
): Promise<void> {
  const { run } = play;
  await mapLimit(hosts, run.options.forks, async (name) => {
    const host = run.host(name);
    if (!host.active) return;
    const startedAt = Date.now();
    let execution: Execution;
    let remoteUser: string | undefined;
    try {
      const scope = play.scopeFor(host);
      remoteUser = keywordText(play.play.keywords.remote_user, scope);
      const connection = await run.connect(name, scope, run.inventory.isImplicitLocalhost(name), remoteUser);
      execution = await work(host, connection);
    } catch (error) {
      if (!(error instanceof HostUnreachableError)) throw error;
      execution = run.unreachable(name, error, remoteUser);
    }
    recordResult(run, ref, host, execution, { ignored: false, rescuing: false, noLog: false, startedAt });
  });
}
