/** `wait_for_connection`: wait until the host can be logged into and runs a command again. */
import { withDefaults } from './host-ops/step-args.js';
import { wait } from './interruptible-wait.js';
import { elapsedSeconds, retryUntil } from './retry-until.js';
import { args, int, type StepArgs } from './schema-helpers.js';
import type { StepDefinition } from './step.js';
import type { StepContext, StepResult } from './step-run.js';

const schema = args({
  connect_timeout: int('Seconds one login may take before it counts as failed.', { minimum: 1, default: 5 }),
  delay: int('Seconds to wait before the first attempt.', { minimum: 0, default: 0 }),
  sleep: int('Seconds to wait after a failed attempt.', { minimum: 0, default: 1 }),
  timeout: int('Seconds after which no new attempt starts and the task fails.', { minimum: 0, default: 600 }),
});

/** The arguments as its run sees them, defaults filled in. */
type WaitForConnectionArgs = StepArgs<typeof schema>;

/** Reconnects to the host until a command runs there, as Ansible's action plugin does. */
export const waitForConnectionStep: StepDefinition = {
  name: 'wait_for_connection',
  summary: 'Wait until the host can be reached and logged into again',
  description:
    'After `delay` seconds, drops the connection to the host and logs in again, then runs a command there (`echo pong`, where Ansible runs its ' +
    '`ping` module), until that works or `timeout` seconds have passed, waiting `sleep` seconds between attempts; each login may take ' +
    '`connect_timeout` seconds. Use it after a host was restarted or its sshd reconfigured, or at the start of a play for hosts that are ' +
    "still booting: the host needs not be reachable when the task starts. The command runs with the task's `become`, as the `ping` module does. " +
    "The tasks after it use the new connection. Fails with `timed out waiting for ping module test: ` and the last error, Ansible's message.",
  schema,
  reconnects: true,
  checkMode: 'Skipped, as in Ansible: nothing is waited for.',
  changed: 'Never.',
  returns: { elapsed: 'whole seconds from the start of the task (the delay included) to the working connection' },
  examples: [
    {
      title: 'Hosts that may still be booting',
      yaml: '- name: Wait for the node to come back\n  wait_for_connection:\n    delay: 10\n    timeout: 300\n',
    },
  ],
  run: (rawArgs, ctx) => waitForConnection(withDefaults(schema, rawArgs), ctx),
};

async function waitForConnection(a: WaitForConnectionArgs, ctx: StepContext): Promise<StepResult> {
  if (ctx.check) return { changed: false, skipped: true, msg: 'skipped in check mode' };
  const connection = ctx.connection;
  if (!connection) return { changed: false, failed: true, msg: 'wait_for_connection needs a connection it can re-establish' };
  const start = performance.now();
  if (a.delay) await wait(a.delay * 1000, ctx);
  const ping = async (): Promise<void> => {
    await connection.reopen({ connectTimeoutMs: a.connect_timeout * 1000 });
    const r = await ctx.host.exec('echo pong', { ...(ctx.become ? { become: ctx.become } : {}), signal: ctx.signal });
    if (r.becomeError) throw r.becomeError;
    if (r.rc !== 0 || r.stdout.trim() !== 'pong')
      throw new Error(`ping test failed: rc ${r.rc}${r.stderr.trim() ? `: ${r.stderr.trim()}` : ''}`);
  };
  const outcome = await retryUntil(ping, {
    timeoutMs: a.timeout * 1000,
    pauseMs: () => a.sleep * 1000,
    signal: ctx.signal,
    halt: ctx.halt,
  });
  const data = { elapsed: elapsedSeconds(start) };
  if (outcome.ok) return { changed: false, data };
  if (outcome.halted) return { changed: false, failed: true, msg: `interrupted while waiting for the connection: ${outcome.error}`, data };
  return { changed: false, failed: true, msg: `timed out waiting for ping module test: ${outcome.error}`, data };
}
