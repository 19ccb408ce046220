/**
 * The shell each pod of certbook's Indexed Jobs runs (the image's /bin/sh is dash). Indexes
 * 0…N-1 are the shards (`--shard index+1/N`); index N is the merge. The job controller starts
 * the lowest pending indexes first, so the merge starts after every shard has started; it waits
 * on the shared volume for the N shard reports (or until its deadline), then merges them with
 * `--expect N`, so a shard that failed or never ran is named instead of a fleet silently smaller.
 * Everything of one run goes into /reports/<Job name>: a new Job never merges an old Job's files.
 *
 * Exit codes: a shard that finished its run (0, 2, 3) exits 0, since its report carries the
 * verdict to the merge; a shard whose run broke (1, 99, 250) deletes its partial report and
 * fails, to be retried (backoffLimitPerIndex); 4 and 5 (bad input) fail the whole Job through
 * the podFailurePolicy. The merge exits the fleet's code, but 0 for the codes in SUCCESS_CODES:
 * check-expiry's 2 is "attention", which Prometheus alerts on through the metrics (a failed Job
 * would page at 3 a.m.); for rotate a failed host is a failed run.
 *
 * Environment (set by the manifests): PLAYBOOK, SHARDS, INVENTORY, REPORTS_DIR,
 * MERGE_WAIT_SECONDS, REPORTS_KEEP_DAYS, PUSHGATEWAY_URL (may be empty), SUCCESS_CODES, JOB_NAME,
 * and JOB_COMPLETION_INDEX from Kubernetes.
 */
export const INDEXED_RUN_SCRIPT = `set -u
index=$((JOB_COMPLETION_INDEX + 1))
dir="$REPORTS_DIR/$JOB_NAME"
mkdir -p "$dir"
if [ "$index" -le "$SHARDS" ]; then
  certbook run "$PLAYBOOK" -i "$INVENTORY" --shard "$index/$SHARDS" --report "$dir/shard-$index.json"
  code=$?
  case "$code" in
    0|2|3) exit 0 ;;
    *) rm -f "$dir/shard-$index.json"; exit "$code" ;;
  esac
fi
waited=0
while [ "$(find "$dir" -maxdepth 1 -name 'shard-*.json' | wc -l)" -lt "$SHARDS" ] && [ "$waited" -lt "$MERGE_WAIT_SECONDS" ]; do
  sleep 10
  waited=$((waited + 10))
done
certbook report merge "$dir"/shard-*.json --expect "$SHARDS" --report "$dir/fleet.json" --metrics "$dir/fleet.prom" --html "$dir/fleet.html"
code=$?
if [ -n "$PUSHGATEWAY_URL" ] && [ -s "$dir/fleet.prom" ]; then
  node -e 'fetch(process.argv[1], { method: "PUT", body: require("fs").readFileSync(process.argv[2]) }).then((r) => { if (!r.ok) { console.error("pushgateway: HTTP " + r.status); process.exitCode = 1; } }, (e) => { console.error("pushgateway: " + e.message); process.exitCode = 1; })' "$PUSHGATEWAY_URL/metrics/job/certbook/playbook/$PLAYBOOK" "$dir/fleet.prom" || { [ "$code" -eq 0 ] && code=1; }
fi
find "$REPORTS_DIR" -mindepth 1 -maxdepth 1 -type d -mtime "+$REPORTS_KEEP_DAYS" -exec rm -rf {} +
case " $SUCCESS_CODES " in *" $code "*) exit 0 ;; esac
exit "$code"
`;
