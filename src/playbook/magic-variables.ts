/**
 * Variables the runner defines for every host without anyone writing them (Ansible's "magic"
 * variables). The static undefined-variable check treats them as defined; the runner must
 * provide each of them (a runner test holds it to this list).
 */
export const MAGIC_VARIABLES: ReadonlySet<string> = new Set([
  'inventory_hostname',
  'inventory_hostname_short',
  'inventory_dir',
  'inventory_file',
  'hostvars',
  'groups',
  'group_names',
  'play_hosts',
  'ansible_play_hosts',
  'ansible_play_hosts_all',
  'ansible_play_batch',
  'ansible_play_name',
  'ansible_play_role_names',
  'ansible_role_names',
  'ansible_check_mode',
  'ansible_diff_mode',
  'ansible_verbosity',
  'ansible_run_tags',
  'ansible_skip_tags',
  'ansible_version',
  'ansible_facts',
  'ansible_failed_task',
  'ansible_failed_result',
  'ansible_loop_var',
  'ansible_index_var',
  'playbook_dir',
  'omit',
  /** certbook's own: the controller's clock when the run started (ISO 8601 UTC). */
  'certbook_run_started',
  /** certbook's own: the host's `partition_by` key in this play ('' in a play without one). */
  'certbook_partition',
  /** certbook's own: true in the `always:` sections an interrupted run runs before it exits. */
  'certbook_interrupted',
]);

/**
 * Facts (`gather_facts`) and connection variables are all `ansible_*`; which of them exist
 * depends on the host, so the static check accepts the whole prefix.
 */
export function isMagicName(name: string): boolean {
  return MAGIC_VARIABLES.has(name) || name.startsWith('ansible_');
}
