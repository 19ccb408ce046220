/**
 * Fake init-system tools for the `service` tests: `systemctl`, `rc-service`, `rc-update`,
 * `service` and an `/etc/init.d` script, all keeping their state in files of one directory and
 * answering with the real tools' exit codes (`systemctl is-active` 0/3, `is-enabled` 0/1, LSB
 * `status` 0/3, `unrecognized service`). Every call is appended to `log`.
 *
 * State per service NAME: `NAME.unit` (it exists), `NAME.running`, `NAME.enabled`,
 * `NAME.broken` (start fails). `no-systemd` makes systemctl behave as in a container where
 * systemd is installed but not running.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SYSTEMCTL = `#!/bin/sh
S=@STATE@
if [ -e "$S/no-systemd" ]; then echo "System has not been booted with systemd as init system (PID 1). Can't operate." >&2; exit 1; fi
cmd=$1; shift; quiet=0; name=
while [ $# -gt 0 ]; do case $1 in --quiet|-q) quiet=1 ;; --) ;; -p) shift ;; *) name=$1 ;; esac; shift; done
name=\${name%.service}
echo "systemctl $cmd $name" >> "$S/log"
known() { [ -e "$S/$name.unit" ]; }
say() { [ $quiet = 1 ] || echo "$1"; }
case $cmd in
  show-environment) echo "PATH=/usr/bin" ;;
  daemon-reload) ;;
  show) if known; then echo "LoadState=loaded"; else echo "LoadState=not-found"; fi ;;
  is-active) if [ -e "$S/$name.running" ]; then say active; else say inactive; exit 3; fi ;;
  is-enabled) known || { echo "Failed to get unit file state for $name.service: No such file or directory" >&2; exit 1; }
    if [ -e "$S/$name.enabled" ]; then say enabled; else say disabled; exit 1; fi ;;
  start|restart) known || { echo "Failed to $cmd $name.service: Unit $name.service not found." >&2; exit 5; }
    if [ -e "$S/$name.broken" ]; then echo "Job for $name.service failed because the control process exited with error code." >&2; exit 1; fi
    touch "$S/$name.running" ;;
  reload) [ -e "$S/$name.running" ] || { echo "$name.service is not active, cannot reload." >&2; exit 1; } ;;
  stop) rm -f "$S/$name.running" ;;
  enable) touch "$S/$name.enabled"; echo "Created symlink /etc/systemd/system/multi-user.target.wants/$name.service" >&2 ;;
  disable) rm -f "$S/$name.enabled"; echo "Removed /etc/systemd/system/multi-user.target.wants/$name.service." >&2 ;;
  *) echo "Unknown command verb $cmd." >&2; exit 1 ;;
esac
`;

const RC_SERVICE = `#!/bin/sh
S=@STATE@
echo "rc-service $*" >> "$S/log"
if [ "$1" = --exists ] || [ "$1" = -e ]; then [ -e "$S/$2.unit" ]; exit; fi
name=$1; cmd=$2
[ -e "$S/$name.unit" ] || { echo " * rc-service: service \\\`$name' does not exist" >&2; exit 1; }
case $cmd in
  status) if [ -e "$S/$name.running" ]; then echo " * status: started"; else echo " * status: stopped"; exit 3; fi ;;
  start|restart) [ -e "$S/$name.broken" ] && { echo " * ERROR: $name failed to start" >&2; exit 1; }; touch "$S/$name.running" ;;
  reload) [ -e "$S/$name.running" ] || exit 1 ;;
  stop) rm -f "$S/$name.running" ;;
esac
`;

const RC_UPDATE = `#!/bin/sh
S=@STATE@
echo "rc-update $*" >> "$S/log"
case $1 in
  show) for f in "$S"/*.enabled; do [ -e "$f" ] || continue; n=\${f##*/}; printf '%20s | default\\n' "\${n%.enabled}"; done ;;
  add) touch "$S/$2.enabled"; echo " * service $2 added to runlevel $3" ;;
  del) rm -f "$S/$2.enabled"; echo " * service $2 removed from runlevel $3" ;;
esac
`;

const SERVICE = `#!/bin/sh
S=@STATE@
echo "service $*" >> "$S/log"
name=$1; cmd=$2
[ -e "$S/$name.unit" ] || { echo "$name: unrecognized service" >&2; exit 1; }
case $cmd in
  status) if [ -e "$S/$name.running" ]; then echo "$name is running"; else echo "$name is not running"; exit 3; fi ;;
  start|restart) [ -e "$S/$name.broken" ] && exit 1; touch "$S/$name.running" ;;
  reload) [ -e "$S/$name.running" ] || exit 7 ;;
  stop) rm -f "$S/$name.running" ;;
esac
`;

/** An LSB init script keeping its state in `state` (for `/etc/init.d/NAME`). */
export function initScript(state: string, name: string): string {
  return `#!/bin/sh
### BEGIN INIT INFO
# Provides:          ${name}
# Required-Start:    $remote_fs
# Required-Stop:     $remote_fs
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: certbook test service
### END INIT INFO
echo "init.d $*" >> "${state}/log"
case $1 in
  status) if [ -e "${state}/${name}.running" ]; then echo running; else echo "not running"; exit 3; fi ;;
  start|restart) touch "${state}/${name}.running" ;;
  reload) [ -e "${state}/${name}.running" ] || exit 7 ;;
  stop) rm -f "${state}/${name}.running" ;;
esac
`;
}

/** Writes the fake tools into `bin`, keeping state in `state` (both world-writable test dirs). */
export function writeFakeInit(bin: string, state: string): void {
  mkdirSync(bin, { recursive: true });
  mkdirSync(state, { recursive: true });
  chmodSync(bin, 0o755);
  chmodSync(state, 0o777);
  const tools: Record<string, string> = { systemctl: SYSTEMCTL, 'rc-service': RC_SERVICE, 'rc-update': RC_UPDATE, service: SERVICE };
  for (const [name, text] of Object.entries(tools)) {
    writeFileSync(join(bin, name), text.replaceAll('@STATE@', state));
    chmodSync(join(bin, name), 0o755);
  }
  writeFileSync(join(state, 'log'), '');
  chmodSync(join(state, 'log'), 0o666);
}
