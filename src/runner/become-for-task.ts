/**
 * Which privilege escalation a task uses on a host. Ansible's order, lowest first: command
 * line (`-b`, `--become-user`) → play/block/task keywords → inventory `ansible_become*`
 * variables (connection variables beat keywords) → extra vars.
 */
import type { BecomeOptions } from '../connection/host.js';
import { connectionSettings } from '../inventory/connection-vars.js';
import { evaluateCondition } from '../template/condition.js';
import type { Scope } from '../template/scope.js';
import { inherited, type KeywordChain, keywordText } from './keyword-chain.js';
import type { RunOptions } from './run-options.js';

/** The become settings for one task on one host, or undefined when it runs as the login user. */
export function becomeForTask(
  chain: KeywordChain,
  vars: Readonly<Record<string, unknown>>,
  options: RunOptions,
  scope: Scope,
): BecomeOptions | undefined {
  const fromVars = connectionSettings(vars);
  const keyword = inherited(chain, 'become');
  const has = (name: string) => vars[name] !== undefined && vars[name] !== null;
  let enabled = options.become ?? false;
  if (keyword !== undefined) enabled = typeof keyword === 'boolean' ? keyword : evaluateCondition(keyword, scope);
  if (has('ansible_become')) enabled = fromVars.become;
  if (!enabled) return undefined;
  const user = has('ansible_become_user')
    ? fromVars.becomeUser
    : (keywordText(inherited(chain, 'become_user'), scope) ?? options.becomeUser ?? 'root');
  const method = has('ansible_become_method')
    ? fromVars.becomeMethod
    : (inherited(chain, 'become_method') ?? options.becomeMethod ?? 'sudo');
  const flags = fromVars.becomeFlags ?? inherited(chain, 'become_flags');
  const password = fromVars.becomePassword ?? options.becomePassword;
  return { method, user, ...(password !== undefined ? { password } : {}), ...(flags !== undefined ? { flags } : {}) };
}
