/**
 * `~/…` and `~user/…` in paths, expanded on the host as its shell would (under become, the
 * target user's home for `~`), in one command for all of them. k3s-ansible leaves a copy of the
 * admin kubeconfig in `~<ansible_user>/.kube/config` on servers; that is how people name it.
 */
import type { StepContext } from '../step-run.js';

/** A user name the shell may expand after `~` (POSIX portable names; nothing it could interpret). */
const TILDE = /^~([A-Za-z_][A-Za-z0-9_.-]*)?(?=\/|$)/;

/** Each path expanded, or why it cannot be: same order as `paths`. */
export async function expandHomes(paths: readonly string[], ctx: StepContext): Promise<Array<{ path: string } | { error: string }>> {
  const prefixes = [...new Set(paths.map((p) => TILDE.exec(p)?.[0]).filter((p): p is string => p !== undefined))];
  const homes = new Map<string, string>();
  if (prefixes.length > 0) {
    // Unquoted on purpose: tilde expansion is the point, and each prefix matched TILDE.
    const r = await ctx.host.exec(`printf '%s\\n' ${prefixes.join(' ')}`, { ...(ctx.become ? { become: ctx.become } : {}) });
    const lines = r.rc === 0 ? r.stdout.split('\n') : [];
    prefixes.forEach((prefix, i) => {
      const home = lines[i];
      // An unknown user stays `~name`, as the shell leaves it.
      if (home && home !== prefix && home.startsWith('/')) homes.set(prefix, home.replace(/\/+$/, ''));
    });
  }
  return paths.map((p) => {
    const prefix = TILDE.exec(p)?.[0];
    if (prefix === undefined) return p.startsWith('/') ? { path: p } : { error: `${p} is not an absolute path (or ~/…, ~user/…)` };
    const home = homes.get(prefix);
    return home === undefined ? { error: `${prefix} names no home directory on the host` } : { path: home + p.slice(prefix.length) };
  });
}
