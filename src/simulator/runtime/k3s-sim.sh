# k3s-sim.sh: the operator commands of one simulated k3s node (docs/simulator.md, "Runtime").
# Sourced by nodes/<name>/bin/{systemctl,service,rc-service,rc-update,k3s,kubectl,journalctl} (RKE2:
# bin/rke2 and <data-dir>/bin/kubectl instead of k3s and kubectl), which set
# SIM_ROOT SIM_NODE SIM_PROGRAM (k3s|rke2) SIM_DESCRIPTION SIM_UNIT SIM_VERSION SIM_COMMIT SIM_RUN SIM_KUBECONFIG SIM_REPO SIM_K3S_PROCESS
# SIM_K3S_CLI (quoted command words, see simulator-entries.ts) SIM_KUBECTL SIM_HAS_ROTATE SIM_HAS_CHECK first. POSIX sh (dash).
set -f

# --- state ---------------------------------------------------------------------------------

# True when pid $1 runs (a zombie, i.e. an unreaped child of ours that exited, does not count).
sim_alive() {
  sim_s=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
  case $sim_s in Z*|X*|'') return 1 ;; esac
}

# Prints the pid of the node's running process; fails when it does not run.
sim_pid() {
  sim_p=$(cat "$SIM_RUN/k3s.pid" 2>/dev/null) || return 1
  case $sim_p in ''|*[!0-9]*) return 1 ;; esac
  sim_alive "$sim_p" && echo "$sim_p"
}

# systemd's ActiveState of the unit.
sim_state() {
  if sim_pid >/dev/null; then
    if [ -f "$SIM_RUN/ready" ]; then echo active; else echo activating; fi
  elif [ -f "$SIM_RUN/failed" ]; then echo failed
  else echo inactive; fi
}

sim_enabled() { [ -f "$SIM_RUN/enabled" ]; }

sim_is_unit() { [ "${1%.service}" = "$SIM_UNIT" ]; }

sim_need_root() {
  [ "$(id -u)" = 0 ] && return 0
  # The owner of the cluster directory is root of its simulated machines (certbook demo runs
  # as the current user, without sudo).
  [ "$(id -u)" = "$(stat -c %u "$SIM_ROOT" 2>/dev/null)" ] && return 0
  echo "Failed to $1 $SIM_UNIT.service: Interactive authentication required." >&2
  echo "See system logs and 'systemctl status $SIM_UNIT.service' for details." >&2
  exit 1
}

# --- start / stop --------------------------------------------------------------------------

# Waits like systemd's Type=notify: until the node is ready (0) or its start failed (1).
sim_wait() {
  sim_i=0
  while [ $sim_i -lt 1800 ]; do
    if [ -f "$SIM_RUN/ready" ] && sim_pid >/dev/null; then return 0; fi
    [ -f "$SIM_RUN/failed" ] && return 1
    if [ -n "$1" ] && ! sim_alive "$1"; then
      [ -f "$SIM_RUN/failed" ] || echo "k3s exited during start-up (see $SIM_RUN/k3s.out)" >"$SIM_RUN/failed"
      return 1
    fi
    sleep 0.05
    sim_i=$((sim_i + 1))
  done
  echo "start-up timed out" >"$SIM_RUN/failed"
  [ -n "$1" ] && kill -TERM "$1" 2>/dev/null
  return 2
}

sim_start() {
  case $(sim_state) in
    active) return 0 ;;
    activating) sim_wait "$(sim_pid)"; return $? ;;
  esac
  mkdir -p "$SIM_RUN"
  rm -f "$SIM_RUN/ready" "$SIM_RUN/failed" "$SIM_RUN/stop-request"
  # setsid: the node outlives this ssh session and sudo; $! is node itself (a background job
  # of a non-interactive shell is no process-group leader, so setsid does not fork).
  (cd "$SIM_REPO" && eval "exec setsid $SIM_K3S_PROCESS \"\$SIM_ROOT\" \"\$SIM_NODE\"") \
    </dev/null >>"$SIM_RUN/k3s.out" 2>&1 &
  # The main pid is known at once, as systemd's MainPID: the unit is `activating` from here on,
  # so a second start waits for this one instead of starting another process.
  echo $! >"$SIM_RUN/k3s.pid"
  sim_drop_connection $!
  sim_wait $!
}

# Fault run/drop-connection-on-start (consumed): the SSH connection that asked for the start
# drops while k3s starts, as when a restart takes the node's network down for a moment. The
# file holds `session` (kill the sshd processes serving this connection: a reconnect works) or
# `sshd` (every sshd above this shell, the listener too: the host stays unreachable). The
# node's own start goes on, as under systemd.
sim_drop_connection() {
  sim_how=$(cat "$SIM_RUN/drop-connection-on-start" 2>/dev/null) || return 0
  rm -f "$SIM_RUN/drop-connection-on-start"
  # Only once the node runs in its own session (after `setsid`): the hang-up must not reach it.
  sim_i=0
  while [ $sim_i -lt 200 ] && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f4)" != "$1" ]; do
    sleep 0.02; sim_i=$((sim_i + 1))
  done
  sim_p=$$ sim_kill=''
  while [ -n "$sim_p" ] && [ "$sim_p" -gt 1 ]; do
    case $(cat "/proc/$sim_p/comm" 2>/dev/null) in
      sshd|sshd-session)
        sim_kill="$sim_kill $sim_p"
        # The connection's own processes end below the listener, whose parent is not sshd.
        sim_pp=$(sed 's/.*) //' "/proc/$sim_p/stat" | cut -d' ' -f2)
        if [ "$sim_how" != sshd ]; then
          case $(cat "/proc/$sim_pp/comm" 2>/dev/null) in sshd|sshd-session) ;; *) sim_kill=${sim_kill% *} ;; esac
        fi ;;
    esac
    sim_p=$(sed 's/.*) //' "/proc/$sim_p/stat" 2>/dev/null | cut -d' ' -f2)
  done
  # shellcheck disable=SC2086
  [ -n "$sim_kill" ] && kill -KILL $sim_kill 2>/dev/null
  return 0
}

sim_stop() {
  if sim_p=$(sim_pid); then
    : >"$SIM_RUN/stop-request"
    kill -USR2 "$sim_p" 2>/dev/null
    sim_i=0
    while [ $sim_i -lt 200 ] && [ -f "$SIM_RUN/k3s.pid" ] && sim_alive "$sim_p"; do sleep 0.05; sim_i=$((sim_i + 1)); done
    if [ -f "$SIM_RUN/k3s.pid" ] && sim_alive "$sim_p"; then
      kill -KILL "$sim_p" 2>/dev/null # the process ignored the request: what systemd does after TimeoutStopSec
    fi
  fi
  rm -f "$SIM_RUN/k3s.pid" "$SIM_RUN/ready" "$SIM_RUN/stop-request" "$SIM_RUN/failed"
}

# Fault run/hold-<point> (tests): a command reaching <point> (start, stop, restart,
# certificate-rotate, kubectl) writes run/held-<point> (its pid) and waits there until the file
# is removed (at most 5 minutes), so a test acts at that exact moment, e.g. interrupts the run
# that sent it, then lets it go on (or watches it being killed).
sim_hold() {
  [ -f "$SIM_RUN/hold-$1" ] || return 0
  echo $$ >"$SIM_RUN/held-$1"
  sim_h=0
  while [ -f "$SIM_RUN/hold-$1" ] && [ $sim_h -lt 6000 ]; do sleep 0.05; sim_h=$((sim_h + 1)); done
  rm -f "$SIM_RUN/held-$1"
}

sim_start_failed() {
  if [ "$1" = 2 ]; then
    echo "Job for $SIM_UNIT.service failed because a timeout was exceeded." >&2
  else
    echo "Job for $SIM_UNIT.service failed because the control process exited with error code." >&2
  fi
  echo "See \"systemctl status $SIM_UNIT.service\" and \"journalctl -xeu $SIM_UNIT.service\" for details." >&2
  return 1
}

# start|stop|restart, with systemd's messages; returns systemctl's exit code.
sim_action() {
  sim_hold "$1"
  case $1 in
    start) sim_start || sim_start_failed $? ;;
    stop) sim_stop ;;
    restart|force-reload|try-restart|reload-or-restart)
      if [ "$1" = try-restart ] && [ "$(sim_state)" != active ]; then return 0; fi
      sim_stop; sim_start || sim_start_failed $? ;;
  esac
}

# --- systemctl -----------------------------------------------------------------------------

sim_prop() { # name value
  if [ -n "$sim_props" ]; then
    case ",$sim_props," in *",$1,"*) ;; *) return 0 ;; esac
  fi
  if [ "$sim_value" = 1 ]; then echo "$2"; else echo "$1=$2"; fi
}

sim_show() {
  if sim_is_unit "$1"; then
    sim_st=$(sim_state)
    case $sim_st in active) sim_sub=running ;; activating) sim_sub=start ;; failed) sim_sub=failed ;; *) sim_sub=dead ;; esac
    sim_prop Type notify
    sim_prop MainPID "$(sim_pid || echo 0)"
    sim_prop Id "$SIM_UNIT.service"
    sim_prop Names "$SIM_UNIT.service"
    sim_prop Description "$SIM_DESCRIPTION"
    sim_prop LoadState loaded
    sim_prop ActiveState "$sim_st"
    sim_prop SubState "$sim_sub"
    sim_prop FragmentPath "/etc/systemd/system/$SIM_UNIT.service"
    sim_prop UnitFileState "$(sim_enabled && echo enabled || echo disabled)"
  else
    sim_prop MainPID 0
    sim_prop Id "${1%.service}.service"
    sim_prop Names "${1%.service}.service"
    sim_prop LoadState not-found
    sim_prop ActiveState inactive
    sim_prop SubState dead
    sim_prop UnitFileState ""
  fi
}

sim_status() {
  if ! sim_is_unit "$1"; then echo "Unit ${1%.service}.service could not be found." >&2; return 4; fi
  sim_st=$(sim_state)
  case $sim_st in
    active) sim_line="active (running)" ;; activating) sim_line="activating (start)" ;;
    failed) sim_line="failed (Result: exit-code)" ;; *) sim_line="inactive (dead)" ;;
  esac
  echo "● $SIM_UNIT.service - $SIM_DESCRIPTION"
  echo "     Loaded: loaded (/etc/systemd/system/$SIM_UNIT.service; $(sim_enabled && echo enabled || echo disabled); preset: enabled)"
  echo "     Active: $sim_line"
  echo "       Docs: https://$([ "$SIM_PROGRAM" = rke2 ] && echo docs.rke2.io || echo k3s.io)"
  if sim_p=$(sim_pid); then echo "   Main PID: $sim_p ($SIM_PROGRAM)"; fi
  echo
  tail -n 10 "$SIM_RUN/k3s.log" 2>/dev/null
  [ "$sim_st" = active ] && return 0
  return 3
}

sim_systemctl() {
  sim_quiet=0; sim_value=0; sim_props=''; sim_cmd=''; sim_units=''; sim_opts=1
  while [ $# -gt 0 ]; do
    if [ $sim_opts = 1 ]; then
      case $1 in
        --) sim_opts=0; shift; continue ;;
        -q|--quiet) sim_quiet=1; shift; continue ;;
        --value) sim_value=1; shift; continue ;;
        -p|--property) sim_props="$sim_props${sim_props:+,}$2"; shift 2; continue ;;
        --property=*) sim_props="$sim_props${sim_props:+,}${1#--property=}"; shift; continue ;;
        -p*) sim_props="$sim_props${sim_props:+,}${1#-p}"; shift; continue ;;
        --no-pager|--no-block|--no-ask-password|--no-legend|-l|--full|--system|--now|--plain) shift; continue ;;
        -*) echo "systemctl: unrecognized option '$1'" >&2; return 1 ;;
      esac
    fi
    if [ -z "$sim_cmd" ]; then sim_cmd=$1; else sim_units="$sim_units $1"; fi
    shift
  done
  case $sim_cmd in
    show-environment)
      echo "LANG=C.UTF-8"; echo "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"; return 0 ;;
    daemon-reload) sim_need_root reload; return 0 ;;
    '') echo "Too few arguments." >&2; return 1 ;;
  esac
  if [ -z "$sim_units" ]; then echo "Too few arguments." >&2; return 1; fi
  sim_rc=0
  for sim_u in $sim_units; do
    case $sim_cmd in
      start|stop|restart|force-reload|try-restart|reload-or-restart)
        if ! sim_is_unit "$sim_u"; then
          echo "Failed to $sim_cmd ${sim_u%.service}.service: Unit ${sim_u%.service}.service not found." >&2; sim_rc=5; continue
        fi
        sim_need_root "$sim_cmd"
        sim_action "$sim_cmd" || sim_rc=1 ;;
      reload)
        echo "Failed to reload ${sim_u%.service}.service: Job type reload is not applicable for unit ${sim_u%.service}.service." >&2; sim_rc=1 ;;
      is-active|is-failed)
        sim_st=inactive; sim_is_unit "$sim_u" && sim_st=$(sim_state)
        [ $sim_quiet = 1 ] || echo "$sim_st"
        if [ "$sim_cmd" = is-active ]; then [ "$sim_st" = active ] || sim_rc=3; else [ "$sim_st" = failed ] || sim_rc=1; fi ;;
      is-enabled)
        if ! sim_is_unit "$sim_u"; then
          echo "Failed to get unit file state for ${sim_u%.service}.service: No such file or directory" >&2; sim_rc=1
        elif sim_enabled; then [ $sim_quiet = 1 ] || echo enabled
        else [ $sim_quiet = 1 ] || echo disabled; sim_rc=1; fi ;;
      enable|disable)
        if ! sim_is_unit "$sim_u"; then echo "Failed to $sim_cmd unit: Unit file ${sim_u%.service}.service does not exist." >&2; sim_rc=1; continue; fi
        sim_need_root "$sim_cmd"
        if [ "$sim_cmd" = enable ] && ! sim_enabled; then
          : >"$SIM_RUN/enabled"
          echo "Created symlink /etc/systemd/system/multi-user.target.wants/$SIM_UNIT.service → /etc/systemd/system/$SIM_UNIT.service." >&2
        elif [ "$sim_cmd" = disable ] && sim_enabled; then
          rm -f "$SIM_RUN/enabled"
          echo "Removed \"/etc/systemd/system/multi-user.target.wants/$SIM_UNIT.service\"." >&2
        fi ;;
      show) sim_show "$sim_u" ;;
      status) sim_status "$sim_u" || sim_rc=$? ;;
      *) echo "Unknown command verb $sim_cmd." >&2; return 1 ;;
    esac
  done
  return $sim_rc
}

# --- service, rc-service, rc-update --------------------------------------------------------

sim_service() {
  case ${1-} in
    ''|-h|--help) echo "Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]" >&2; return 1 ;;
  esac
  if ! sim_is_unit "$1"; then echo "$1: unrecognized service" >&2; return 1; fi
  case ${2-} in
    start|stop|restart|status|force-reload|try-restart) sim_systemctl "$2" "$1.service" ;;
    reload) sim_systemctl reload "$1.service" ;;
    *) echo "Usage: /etc/init.d/$1 {start|stop|restart|status}" >&2; return 1 ;;
  esac
}

sim_rc_service() {
  case ${1-} in
    -e|--exists) sim_is_unit "${2-}"; return ;;
  esac
  if ! sim_is_unit "${1-}"; then echo " * rc-service: service \`${1-}' does not exist" >&2; return 1; fi
  sim_st=$(sim_state)
  case ${2-} in
    status)
      case $sim_st in
        active) echo " * status: started"; return 0 ;; activating) echo " * status: starting"; return 0 ;;
        failed) echo " * status: crashed"; return 32 ;; *) echo " * status: stopped"; return 3 ;;
      esac ;;
    start|stop|restart)
      sim_need_root "${2}"
      if [ "$2" = start ] && [ "$sim_st" = active ]; then echo " * WARNING: $SIM_UNIT has already been started" >&2; return 0; fi
      if [ "$2" != start ]; then echo " * Stopping $SIM_UNIT ..."; sim_stop; echo " [ ok ]"; fi
      [ "$2" = stop ] && return 0
      echo " * Starting $SIM_UNIT ..."
      if sim_start; then echo " [ ok ]"; return 0; fi
      echo " [ !! ]"; echo " * ERROR: $SIM_UNIT failed to start" >&2; return 1 ;;
    *) echo " * $SIM_UNIT: unknown function \`${2-}'" >&2; return 1 ;;
  esac
}

sim_rc_update() {
  case ${1-} in
    show|'') sim_enabled && printf '%20s | default\n' "$SIM_UNIT"; return 0 ;;
    add|del)
      if ! sim_is_unit "${2-}"; then echo " * rc-update: service \`${2-}' does not exist" >&2; return 1; fi
      sim_need_root "$1"
      if [ "$1" = add ]; then : >"$SIM_RUN/enabled"; echo " * service $SIM_UNIT added to runlevel ${3:-default}"
      else rm -f "$SIM_RUN/enabled"; echo " * service $SIM_UNIT removed from runlevel ${3:-default}"; fi ;;
    *) echo " * rc-update: unknown command \`$1'" >&2; return 1 ;;
  esac
}

# --- k3s -----------------------------------------------------------------------------------

sim_kubectl() {
  sim_hold kubectl
  sim_home="$SIM_RUN/kube-home/$(id -u)"
  mkdir -p "$sim_home" 2>/dev/null
  HOME=$sim_home KUBECACHEDIR=$sim_home/cache KUBECONFIG=${KUBECONFIG:-$SIM_KUBECONFIG} exec "$SIM_KUBECTL" "$@"
}

# urfave/cli's answer to an unknown command (k3s exits 3).
sim_no_topic() { echo "No help topic for '$1'" >&2; return 3; }

sim_k3s() {
  case ${1-} in
    # RKE2 prints a second line with its Go version (rke2 pkg/cli/cmds/root.go; issue reports).
    --version|-v|version)
      echo "$SIM_PROGRAM version $SIM_VERSION ($SIM_COMMIT)"
      [ "$SIM_PROGRAM" = rke2 ] && echo "go version go1.22.2 X:boringcrypto"
      return 0 ;;
    kubectl) [ "$SIM_PROGRAM" = k3s ] || { sim_no_topic kubectl; return; }; shift; sim_kubectl "$@" ;;
    certificate)
      [ "$SIM_HAS_ROTATE" = 1 ] || { sim_no_topic certificate; return; }
      case ${2-} in
        rotate) ;;
        check) [ "$SIM_HAS_CHECK" = 1 ] || { sim_no_topic check; return; } ;;
        *) sim_no_topic "${2-}"; return ;;
      esac
      shift
      [ "$1" = rotate ] && sim_hold certificate-rotate
      cd "$SIM_REPO" && eval "exec $SIM_K3S_CLI \"\$SIM_ROOT\" \"\$SIM_NODE\" certificate \"\$@\"" ;;
    ''|-h|--help|help)
      echo "NAME:"; echo "   $SIM_PROGRAM - $([ "$SIM_PROGRAM" = rke2 ] && echo 'Rancher Kubernetes Engine 2' || echo 'Kubernetes, but small and simple')"; echo
      echo "USAGE:"; echo "   $SIM_PROGRAM [global options] command [command options] [arguments...]"; echo
      echo "VERSION:"; echo "   $SIM_VERSION ($SIM_COMMIT)"; return 0 ;;
    server|agent) echo "$SIM_PROGRAM $1 runs under systemd on this node: use systemctl start $SIM_UNIT" >&2; return 1 ;;
    *) sim_no_topic "$1" ;;
  esac
}

# --- journalctl ----------------------------------------------------------------------------

# `journalctl -u k3s [-n N]`: the unit's log (run/k3s.log) as it was written.
sim_journalctl() {
  sim_unit=''; sim_lines=''
  while [ $# -gt 0 ]; do
    case $1 in
      -u|--unit) sim_unit=$2; shift 2; continue ;;
      --unit=*) sim_unit=${1#--unit=} ;;
      -u*) sim_unit=${1#-u} ;;
      -n|--lines) sim_lines=$2; shift 2; continue ;;
      --lines=*) sim_lines=${1#--lines=} ;;
      -n*) sim_lines=${1#-n} ;;
      --since|--until|-o|--output|-p|--priority) shift ;;
    esac
    shift
  done
  if [ -z "$sim_unit" ] || ! sim_is_unit "$sim_unit" || [ ! -s "$SIM_RUN/k3s.log" ]; then echo "-- No entries --"; return 0; fi
  if [ -n "$sim_lines" ]; then tail -n "$sim_lines" "$SIM_RUN/k3s.log"; else cat "$SIM_RUN/k3s.log"; fi
}
