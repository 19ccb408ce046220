/**
 * What a run did, in a shape both ansible-playbook (its `json` stdout callback) and certbook
 * (its run events) can be reduced to, so a test can compare the two: per task, per host, the
 * status and the fields a playbook author observes (a command's `stdout`, a `debug`/`fail`
 * message, `until`'s `attempts`, a loop's item statuses, why a task was skipped), then the recap.
 */
import type { HostStats, RunEvent } from '../../src/events/run-events.js';

/** One host's result of one task. */
export interface HostOutcome {
  status: 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';
  stdout?: string;
  msg?: unknown;
  attempts?: number;
  skipped_reason?: string;
  /** A loop's items, each as its status. */
  items?: string[];
  /** What `debug: var=NAME` showed, by name. */
  shown?: Record<string, unknown>;
}

/** One task (by name) and what each host that ran it reported. */
export interface TaskOutcome {
  task: string;
  hosts: Record<string, HostOutcome>;
}

/** A whole run. */
export interface RunOutcome {
  tasks: TaskOutcome[];
  stats: Record<string, HostStats>;
}

/** The steps whose `msg` is what the playbook author wrote (others' messages are the engine's prose). */
const MESSAGE_STEPS = new Set(['debug', 'fail', 'ansible.builtin.debug', 'ansible.builtin.fail']);

/** Fields every result may carry; anything else a `debug` result holds is a variable it showed. */
const RESULT_FIELDS = new Set([
  'changed',
  'failed',
  'skipped',
  'msg',
  'action',
  'skip_reason',
  'skipped_reason',
  'false_condition',
  'results',
  'censored',
  'invocation',
  'item',
  'ansible_loop_var',
  'failed_when_result',
]);

function statusOf(r: Record<string, unknown>): HostOutcome['status'] {
  if (r.unreachable === true) return 'unreachable';
  if (r.failed === true) return 'failed';
  if (r.skipped === true) return 'skipped';
  return r.changed === true ? 'changed' : 'ok';
}

function hostOutcome(status: HostOutcome['status'], r: Record<string, unknown>, step: string): HostOutcome {
  const out: HostOutcome = { status };
  if (typeof r.stdout === 'string') out.stdout = r.stdout;
  // Under no_log Ansible keeps no message at all; certbook keeps one with the task's values
  // masked (events/redact.ts), a deliberate difference left out of the comparison.
  if (MESSAGE_STEPS.has(step) && r.msg !== undefined && r.censored === undefined) out.msg = r.msg;
  if (typeof r.attempts === 'number') out.attempts = r.attempts;
  if (typeof r.skipped_reason === 'string') out.skipped_reason = r.skipped_reason;
  if (step.endsWith('debug')) {
    const shown = Object.entries(r).filter(([k]) => !RESULT_FIELDS.has(k) && !k.startsWith('_ansible'));
    if (shown.length) out.shown = Object.fromEntries(shown);
  }
  if (Array.isArray(r.results)) out.items = r.results.map((i) => statusOf(i as Record<string, unknown>));
  return out;
}

interface AnsibleJson {
  plays: Array<{ tasks: Array<{ task: { name: string }; hosts: Record<string, Record<string, unknown>> }> }>;
  stats: Record<
    string,
    { ok: number; changed: number; unreachable: number; failures: number; skipped: number; rescued: number; ignored: number }
  >;
}

/** Reduces ansible-playbook's `ANSIBLE_STDOUT_CALLBACK=json` output. */
export function outcomeFromAnsible(json: AnsibleJson): RunOutcome {
  const tasks: TaskOutcome[] = [];
  for (const play of json.plays) {
    for (const t of play.tasks) {
      const hosts: Record<string, HostOutcome> = {};
      for (const [host, r] of Object.entries(t.hosts)) hosts[host] = hostOutcome(statusOf(r), r, String(r.action ?? ''));
      if (Object.keys(hosts).length) tasks.push({ task: t.task.name, hosts });
    }
  }
  const stats: Record<string, HostStats> = {};
  for (const [host, s] of Object.entries(json.stats)) {
    stats[host] = {
      ok: s.ok,
      changed: s.changed,
      unreachable: s.unreachable,
      failed: s.failures,
      skipped: s.skipped,
      rescued: s.rescued,
      ignored: s.ignored,
    };
  }
  return { tasks, stats };
}

/** Reduces certbook's run events and final recap the same way. */
export function outcomeFromEvents(events: readonly RunEvent[], stats: Record<string, HostStats>): RunOutcome {
  const byId = new Map<string, TaskOutcome>();
  const entry = (id: string, name: string): TaskOutcome => {
    let t = byId.get(id);
    if (!t) byId.set(id, (t = { task: name, hosts: {} }));
    return t;
  };
  for (const e of events) {
    if (e.kind === 'host_result') entry(e.task.id, e.task.name).hosts[e.host] = hostOutcome(e.status, e.result, e.task.step);
    // certbook reports a host's include as one `included` event; Ansible as an ok result per host.
    // A looped include has its own result per host (with its items); the included files only add runs.
    if (e.kind === 'included') for (const h of e.hosts) entry(e.task.id, e.task.name).hosts[h] ??= { status: 'ok' };
  }
  return { tasks: [...byId.values()], stats };
}
