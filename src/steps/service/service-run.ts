/**
 * `service`: one exec detects the init system and reads the service; a second acts, only when
 * something must change (never in check mode), and reads the state again for the result.
 */
import { execOnHost, failed, lastLine, scriptFailure } from '../host-ops/host-exec.js';
import type { ServiceArgs } from '../service.js';
import type { StepContext, StepResult } from '../step-run.js';
import { type ServiceAction, type ServiceManager, serviceActScript, serviceReadScript } from './service-script.js';

/** `systemctl daemon-reload` where systemd runs (PID 1 answering), `@NOSYSTEMD` elsewhere. */
const DAEMON_RELOAD =
  'if command -v systemctl >/dev/null 2>&1 && systemctl show-environment >/dev/null 2>&1; then systemctl daemon-reload; else echo @NOSYSTEMD; fi';

/** What the read found. */
interface ServiceFacts {
  manager?: ServiceManager;
  exists: boolean;
  running: boolean;
  enabled: boolean;
}

/** Runs `service`. */
export async function runService(a: ServiceArgs, ctx: StepContext): Promise<StepResult> {
  // A leading dash would be an option to rc-service/service; a slash would leave /etc/init.d.
  if (a.name !== undefined && (a.name === '' || a.name.startsWith('-') || a.name.includes('/')))
    return failed(`${JSON.stringify(a.name)} is not a service name`);
  if (a.daemon_reload) {
    if (a.manager !== 'auto' && a.manager !== 'systemd') return failed(`daemon_reload needs systemd, not ${a.manager}`);
    // Run in check mode too would change what systemd has loaded: check mode only predicts.
    if (!ctx.check) {
      const reload = await execOnHost(ctx, DAEMON_RELOAD);
      if (reload.stdout.includes('@NOSYSTEMD')) return failed('daemon_reload needs systemd, which is not running on the host');
      const reloadProblem = scriptFailure(reload, 'systemctl daemon-reload failed');
      if (reloadProblem) return failed(reloadProblem);
    }
    if (a.state === undefined && a.enabled === undefined)
      return {
        changed: false,
        msg: ctx.check ? 'would run daemon-reload' : 'daemon-reload run',
        data: a.name === undefined ? {} : { name: a.name },
      };
  }
  return a.name === undefined
    ? failed('nothing to do: give `name` with `state` or `enabled`, or `daemon_reload: true`')
    : controlService({ ...a, name: a.name }, ctx);
}

/** Brings the service `a.name` to `state` and `enabled`. */
async function controlService(a: ServiceArgs & { name: string }, ctx: StepContext): Promise<StepResult> {
  const read = await execOnHost(ctx, serviceReadScript(a.name, a.manager));
  const problem = scriptFailure(read, `cannot query the service ${a.name}`);
  if (problem) return failed(problem);
  if (read.stdout.includes('@NOMANAGER'))
    return failed('no init system found on the host (systemd, OpenRC, service or /etc/init.d); set `manager`');
  const before = parseFacts(read.stdout);
  if (!before.manager) return failed(`cannot query the service ${a.name}: ${lastLine(read.stderr) || 'no answer'}`);
  if (!before.exists) return failed(`the service ${a.name} does not exist (${before.manager})`, { name: a.name, manager: before.manager });
  const actions = plan(a, before);
  const predicted = predict(before, actions);
  if (actions.length === 0 || ctx.check) {
    return {
      changed: actions.length > 0,
      msg: actions.length ? `would ${actions.join(', ')}` : 'ok',
      data: result(a.name, before.manager, predicted),
    };
  }
  const act = await execOnHost(ctx, serviceActScript(a.name, before.manager, actions));
  const actProblem = scriptFailure(act, `${actions.join(', ')} ${a.name} failed`);
  // Not changed, as Ansible's service and systemd modules report a failed action (fail_json
  // without `changed`), even when an `enable` before a failed `start` went through.
  if (actProblem) return failed(actProblem, { name: a.name, manager: before.manager });
  return {
    changed: true,
    msg: actions.join(', '),
    data: result(a.name, before.manager, { ...parseFacts(act.stdout), manager: before.manager }),
  };
}

/** The actions that bring the service from `s` to what `a` asks. */
function plan(a: ServiceArgs, s: ServiceFacts): ServiceAction[] {
  const actions: ServiceAction[] = [];
  if (a.enabled === true && !s.enabled) actions.push('enable');
  if (a.enabled === false && s.enabled) actions.push('disable');
  if (a.state === 'started' && !s.running) actions.push('start');
  if (a.state === 'stopped' && s.running) actions.push('stop');
  if (a.state === 'restarted') actions.push('restart');
  // Reloading a stopped service would fail; starting it reads the configuration anyway.
  if (a.state === 'reloaded') actions.push(s.running ? 'reload' : 'start');
  return actions;
}

function predict(s: ServiceFacts, actions: readonly ServiceAction[]): ServiceFacts {
  const running = actions.some((x) => x === 'start' || x === 'restart' || x === 'reload')
    ? true
    : actions.includes('stop')
      ? false
      : s.running;
  const enabled = actions.includes('enable') ? true : actions.includes('disable') ? false : s.enabled;
  return { ...s, running, enabled };
}

function parseFacts(stdout: string): ServiceFacts {
  const value = (tag: string): string | undefined =>
    stdout
      .split('\n')
      .find((l) => l.startsWith(`${tag} `))
      ?.slice(2)
      .trim();
  const manager = value('M') as ServiceManager | undefined;
  return { ...(manager ? { manager } : {}), exists: value('X') === '1', running: value('A') === '0', enabled: value('E') === '1' };
}

function result(name: string, manager: ServiceManager, s: ServiceFacts): Record<string, unknown> {
  return { name, state: s.running ? 'started' : 'stopped', enabled: s.enabled, manager };
}
