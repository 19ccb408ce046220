/** What `wait_for`'s `state` means for every kind of target. */
import type { WaitForArgs } from '../wait-for.js';

/** `present` is `started` and `absent` is `stopped`, for every kind of target. */
export function wantPresent(state: WaitForArgs['state']): boolean {
  return state === 'started' || state === 'present';
}
