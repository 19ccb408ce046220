/**
 * `gather_facts`: in one round trip, the host's name, OS, kernel, architecture, init system
 * and clock, with the clock's skew from the controller (half the round trip corrected).
 */
import type { Host } from '../connection/host.js';

/** One POSIX shell script, one line per fact, so the whole gathering costs one exec. */
const SCRIPT = [
  'hostname 2>/dev/null || cat /proc/sys/kernel/hostname',
  'uname -s',
  'uname -r',
  'uname -m',
  '( . /etc/os-release 2>/dev/null; printf "%s|%s|%s|%s\\n" "$ID" "$VERSION_ID" "$PRETTY_NAME" "$ID_LIKE" )',
  'if [ -d /run/systemd/system ]; then echo systemd; elif command -v openrc >/dev/null 2>&1 || [ -d /run/openrc ]; then echo openrc; elif [ -d /etc/init.d ]; then echo sysvinit; else echo unknown; fi',
  'date -u +%s.%N',
].join('; ');

/** Collects the facts; the result is Ansible-named (`ansible_hostname`, `ansible_service_mgr`, …). */
export async function gatherFacts(
  host: Host,
  now: () => Date,
): Promise<{ ok: true; facts: Record<string, unknown> } | { ok: false; msg: string }> {
  const sent = now().getTime();
  const result = await host.exec(SCRIPT, { timeoutMs: 30_000 });
  const received = now().getTime();
  if (result.rc !== 0) return { ok: false, msg: `gathering facts failed (rc ${result.rc}): ${result.stderr.trim()}` };
  const [hostname, system, kernel, arch, os, serviceMgr, clock] = result.stdout.trim().split('\n');
  const [id, version, pretty, like] = (os ?? '').split('|');
  const hostEpoch = Number.parseFloat(clock ?? '');
  const skew = Number.isFinite(hostEpoch) ? hostEpoch - (sent + received) / 2000 : null;
  const facts: Record<string, unknown> = {
    hostname: (hostname ?? '').split('.')[0],
    fqdn: hostname,
    nodename: hostname,
    system,
    kernel,
    architecture: arch,
    machine: arch,
    distribution: id ? capitalise(id) : system,
    distribution_version: version ?? '',
    distribution_pretty: pretty ?? '',
    os_family: osFamily(id ?? '', like ?? ''),
    service_mgr: serviceMgr,
    date_time: Number.isFinite(hostEpoch)
      ? { epoch: String(Math.floor(hostEpoch)), iso8601: new Date(hostEpoch * 1000).toISOString().replace(/\.\d+Z$/, 'Z') }
      : {},
    clock_skew_seconds: skew === null ? null : Math.round(skew * 1000) / 1000,
  };
  return {
    ok: true,
    facts: Object.fromEntries(
      Object.entries(facts).flatMap(([k, v]) => [
        [k, v],
        [`ansible_${k}`, v],
      ]),
    ),
  };
}

function capitalise(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

function osFamily(id: string, like: string): string {
  const all = `${id} ${like}`;
  if (/debian|ubuntu/.test(all)) return 'Debian';
  if (/rhel|fedora|centos|rocky|alma/.test(all)) return 'RedHat';
  if (/suse/.test(all)) return 'Suse';
  if (/alpine/.test(all)) return 'Alpine';
  if (/arch/.test(all)) return 'Archlinux';
  return id ? capitalise(id) : 'Unknown';
}
