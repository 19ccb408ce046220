/** The arguments of `wait_for`, defaults applied. */

/** `wait_for` arguments after `withDefaults`. */
export interface WaitForArgs {
  host: string;
  port?: number;
  path?: string;
  url?: string;
  state: 'started' | 'stopped' | 'present' | 'absent' | 'drained';
  search_regex?: string;
  status_code: number | number[];
  validate_certs: boolean;
  timeout: number;
  connect_timeout: number;
  delay: number;
  sleep: number;
  msg?: string;
}

/** `present` is `started` and `absent` is `stopped`, for every kind of target. */
export function wantPresent(state: WaitForArgs['state']): boolean {
  return state === 'started' || state === 'present';
}
