/**
 * The command that reboots the host, built as ansible-core 2.14 builds it on Linux: `shutdown`
 * (or `reboot_command`'s first word) found in `search_paths` unless it is an absolute path, then
 * `-r MINUTES MESSAGE` (or `reboot_command`'s other words, as written).
 */
import { shellQuote } from '../../connection/shell-quote.js';
import { pyRepr } from '../../template/py-text.js';
import { asList } from '../host-ops/step-args.js';
import type { RebootArgs } from '../reboot.js';
import type { StepContext } from '../step-run.js';

/** Where Ansible looks for a shutdown command named without a path (the default of `search_paths`). */
export const DEFAULT_SEARCH_PATHS = ['/sbin', '/bin', '/usr/sbin', '/usr/bin', '/usr/local/sbin'];

/** The full command line, or why there is none. */
export async function shutdownCommand(a: RebootArgs, ctx: StepContext): Promise<{ command: string } | { error: string }> {
  const given = a.reboot_command;
  const bin = given === undefined ? 'shutdown' : (given.split(' ', 1)[0] ?? '');
  // Ansible's split(' ', 1): everything after the first space is the arguments, verbatim.
  const rest =
    given === undefined ? `-r ${Math.floor(Math.max(0, a.pre_reboot_delay) / 60)} ${shellQuote(a.msg)}` : given.slice(bin.length + 1);
  const path = bin.startsWith('/') ? bin : await findInPaths(bin, asList(a.search_paths), ctx);
  if (path === undefined) return { error: `Unable to find command "${bin}" in search paths: ${pyRepr(asList(a.search_paths))}` };
  return { command: rest ? `${path} ${rest}` : path };
}

/** The first `dir/bin` that exists (any kind of file, as Ansible's `find` with `file_type: any`). */
async function findInPaths(bin: string, dirs: readonly string[], ctx: StepContext): Promise<string | undefined> {
  if (!dirs.length || bin.includes('/')) return undefined;
  const script = `for d in ${dirs.map(shellQuote).join(' ')}; do if [ -e "$d/$1" ] || [ -L "$d/$1" ]; then printf '%s\\n' "$d/$1"; exit 0; fi; done; exit 1`;
  const r = await ctx.host.exec(`sh -c ${shellQuote(script)} sh ${shellQuote(bin)}`, { ...(ctx.become ? { become: ctx.become } : {}) });
  return r.rc === 0 ? r.stdout.split('\n')[0] : undefined;
}
