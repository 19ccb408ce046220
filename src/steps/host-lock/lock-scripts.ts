/**
 * The shell commands of the lock operations on a real host, one command per operation. Only
 * what must happen on the host in one go lives here (mkdir with its owner file, the guarded
 * removal); judging a lock is `lock-judge.ts`'s, on the controller. POSIX sh, coreutils and
 * Linux's /proc.
 */
import { shellQuote } from '../../connection/shell-quote.js';

/** Separates a view's `key=value` lines from the owner file that follows them. */
export const OWNER_MARKER = '[owner]';

/**
 * Shell functions: `field PID N` (a field of /proc/PID/stat after the command name: 20 is the
 * start time), `mtime PATH`, `take` (mkdir the lock and name this run's owner in it: the token,
 * the login user, the pid and start time of the sshd session above this shell, alive exactly as
 * long as certbook's connection), and `inspect` (print the view `lock-judge.ts` judges).
 */
function functions(lock: string, token: string): string {
  return `lock=${shellQuote(lock)} token=${shellQuote(token)}
field() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f"$2"; }
mtime() { stat -c %Y "$1" 2>/dev/null; }
p=$$ holder='' holder_start=''
while [ -n "$p" ] && [ "$p" -gt 1 ]; do
  case $(cat "/proc/$p/comm" 2>/dev/null) in sshd|sshd-session) holder=$p; holder_start=$(field "$p" 20); break ;; esac
  p=$(field "$p" 2)
done
take() {
  mkdir "$lock" 2>/dev/null || return 1
  printf 'token=%s\\nuser=%s\\npid=%s\\npid_start=%s\\nstarted=%s\\nstarted_epoch=%s\\n' \\
    "$token" "\${SUDO_USER:-$(id -un)}" "$holder" "$holder_start" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(date +%s)" > "$lock/owner"
}
inspect() {
  info=$(cat "$lock/owner" 2>/dev/null) i=0
  # mkdir and the owner file are two steps: a lock being taken gets a moment to name its owner.
  while [ -z "$info" ] && [ -d "$lock" ] && [ $i -lt 20 ]; do sleep 0.1; info=$(cat "$lock/owner" 2>/dev/null); i=$((i + 1)); done
  opid=$(printf '%s\\n' "$info" | sed -n 's/^pid=//p' | tail -n 1)
  case $opid in ''|*[!0-9]*) opid_start='' ;; *) opid_start=$(field "$opid" 20) ;; esac
  printf 'now=%s\\nexists=%s\\nlock_mtime=%s\\npid_start_now=%s\\n%s\\n%s\\n' \\
    "$(date +%s)" "$([ -d "$lock" ] && echo yes)" "$(mtime "$lock")" "$opid_start" '${OWNER_MARKER}' "$info"
}
`;
}

/** Takes the lock (prints `taken`) or shows who holds it (prints `held`, then the view). */
export function takeScript(lock: string, token: string): string {
  return `${functions(lock, token)}if take; then echo taken; else echo held; inspect; fi\n`;
}

/** Prints the view of the lock. */
export function inspectScript(lock: string): string {
  return `${functions(lock, '')}inspect\n`;
}

/**
 * Under the `<lock>.takeover` guard (given up after a minute: a takeover killed half-way leaves
 * it), removes the lock and takes it, only while its owner file is still `judgedOwner` (and, for
 * a lock without one, while it is still over a minute old). Prints the outcome (lock-site.ts).
 */
export function takeoverScript(lock: string, token: string, judgedOwner: string, ownerlessAfterS: number): string {
  return `${functions(lock, token)}judged=${shellQuote(judgedOwner)} now=$(date +%s)
[ $((now - $(mtime "$lock.takeover" || echo "$now"))) -gt 60 ] && rmdir "$lock.takeover" 2>/dev/null
mkdir "$lock.takeover" 2>/dev/null || { echo busy; exit 0; }
info=$(cat "$lock/owner" 2>/dev/null) outcome=changed
if [ -d "$lock" ] && [ "$info" = "$judged" ]; then
  if [ -n "$info" ] || [ $((now - $(mtime "$lock" || echo "$now"))) -gt ${ownerlessAfterS} ]; then
    rm -rf "$lock"
    if take; then outcome=taken; else outcome=lost; fi
  fi
fi
rmdir "$lock.takeover"
echo "$outcome"
`;
}

/** Removes the lock when its owner file names `token`; prints `released` when it did. */
export function releaseScript(lock: string, token: string): string {
  return `lock=${shellQuote(lock)}
if grep -qx ${shellQuote(`token=${token}`)} "$lock/owner" 2>/dev/null; then rm -rf "$lock"; echo released; fi
`;
}
