/** `reboot`'s arguments as its run sees them, defaults filled in. */

/** Where Ansible looks for a shutdown command named without a path. */
export const DEFAULT_SEARCH_PATHS = ['/sbin', '/bin', '/usr/sbin', '/usr/bin', '/usr/local/sbin'];

/** The validated arguments. */
export interface RebootArgs {
  reboot_timeout: number;
  connect_timeout?: number;
  test_command: string;
  pre_reboot_delay: number;
  post_reboot_delay: number;
  msg: string;
  boot_time_command: string;
  reboot_command?: string;
  search_paths: string | string[];
}
