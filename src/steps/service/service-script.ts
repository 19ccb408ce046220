/**
 * The shell side of `service`: detecting the init system and reading a service's state in one
 * exec, and acting on it in another. The name reaches every tool as a quoted variable.
 *
 * Detection (`auto`): systemd when `systemctl` exists and systemd is running (the
 * `/run/systemd/system` directory, as sd_booted(3) checks, or a `systemctl show-environment`
 * that answers; an installed but not running systemd, as in many containers, does not count);
 * then OpenRC (`rc-service`); then the SysV `service` wrapper; then `/etc/init.d/NAME`.
 */
import { shellQuote } from '../../connection/shell-quote.js';

/** The init systems `service` drives. */
export type ServiceManager = 'systemd' | 'openrc' | 'service' | 'sysvinit';

/** A service action. */
export type ServiceAction = 'start' | 'stop' | 'restart' | 'reload' | 'enable' | 'disable';

const DETECT = [
  'if [ "$m" = auto ]; then',
  '  if command -v systemctl >/dev/null 2>&1 && { [ -d /run/systemd/system ] || systemctl show-environment >/dev/null 2>&1; }; then m=systemd',
  '  elif command -v rc-service >/dev/null 2>&1; then m=openrc',
  '  elif command -v service >/dev/null 2>&1; then m=service',
  '  elif [ -x "/etc/init.d/$n" ]; then m=sysvinit',
  '  else echo @NOMANAGER; exit 0; fi',
  'fi',
  'echo "M $m"',
].join('\n');

// Prints `X 0|1` (the service exists), `A rc` (0 = running) and `E 0|1` (starts at boot).
const READ = [
  'cb_read() {',
  '  case $m in',
  '  systemd)',
  '    case $(systemctl show -p LoadState -- "$n" 2>/dev/null) in *=not-found|"") echo "X 0"; return ;; esac; echo "X 1"',
  '    systemctl is-active --quiet -- "$n"; echo "A $?"',
  '    systemctl is-enabled --quiet -- "$n" 2>/dev/null; echo "E $(( $? == 0 ))" ;;',
  '  openrc)',
  '    rc-service --exists "$n" || { echo "X 0"; return; }; echo "X 1"',
  '    rc-service "$n" status >/dev/null 2>&1; echo "A $?"',
  '    rc-update show 2>/dev/null | n=$n awk -F\'|\' \'{ gsub(/[ \\t]/, "", $1); gsub(/[ \\t]/, "", $2) } $1 == ENVIRON["n"] && $2 != "" { f = 1 } END { exit !f }\'; echo "E $(( $? == 0 ))" ;;',
  '  service|sysvinit)',
  '    if [ "$m" = sysvinit ]; then',
  '      [ -x "/etc/init.d/$n" ] || { echo "X 0"; return; }',
  '      "/etc/init.d/$n" status >/dev/null 2>&1; cb_a=$?',
  '    else',
  '      cb_o=$(service "$n" status 2>&1); cb_a=$?',
  '      case $cb_o in *"unrecognized service"* | *"not found"*) echo "X 0"; return ;; esac',
  '    fi',
  '    echo "X 1"; echo "A $cb_a"',
  '    cb_e=0; for f in /etc/rc[2345].d/S[0-9][0-9]"$n"; do [ -e "$f" ] && cb_e=1; done; echo "E $cb_e" ;;',
  '  esac',
  '}',
].join('\n');

/** Detects the manager (unless given) and reads the service. */
export function serviceReadScript(name: string, manager: string): string {
  return ['export LC_ALL=C', `n=${shellQuote(name)}; m=${shellQuote(manager)}`, DETECT, READ, 'cb_read'].join('\n');
}

/** Runs `actions` in order with `manager`, stopping at the first failure, then reads again. */
export function serviceActScript(name: string, manager: ServiceManager, actions: readonly ServiceAction[]): string {
  const lines = ['export LC_ALL=C', `n=${shellQuote(name)}; m=${manager}`, READ, 'set -e'];
  for (const action of actions) lines.push(actionCommand(manager, action));
  lines.push('set +e', 'cb_read');
  return lines.join('\n');
}

function actionCommand(manager: ServiceManager, action: ServiceAction): string {
  const boot = action === 'enable' || action === 'disable';
  switch (manager) {
    case 'systemd':
      return `systemctl ${action} -- "$n"`;
    case 'openrc':
      return boot ? `rc-update ${action === 'enable' ? 'add' : 'del'} "$n" default` : `rc-service "$n" ${action}`;
    default:
      if (boot) return sysvBoot(action === 'enable');
      return manager === 'service' ? `service "$n" ${action}` : `"/etc/init.d/$n" ${action}`;
  }
}

/** Debian's update-rc.d or Red Hat's chkconfig, whichever the host has. */
function sysvBoot(enable: boolean): string {
  return [
    'if command -v update-rc.d >/dev/null 2>&1; then',
    enable ? '  update-rc.d "$n" defaults >/dev/null; update-rc.d "$n" enable' : '  update-rc.d "$n" disable',
    `elif command -v chkconfig >/dev/null 2>&1; then chkconfig "$n" ${enable ? 'on' : 'off'}`,
    'else echo "neither update-rc.d nor chkconfig is installed" >&2; exit 1; fi',
  ].join('\n');
}
