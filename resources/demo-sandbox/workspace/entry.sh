#!/bin/sh
# Demo workspace entry: serves HTTP the way OpenCode would for the chosen mode and, when the
# monitoring flags are on, appends the JSONL reports documented in SANDBOX.md.
LOGDIR=/home/agent/projects/logs
mkdir -p "$LOGDIR"

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
serve() { httpd -f -p "$1" -h /srv/www & }
mem() { awk -v k="$1" '$1 == k":" { print $2 }' /proc/meminfo; }
listeners() { netstat -tln 2>/dev/null | awk '$6 == "LISTEN" && $4 !~ /^127\.0\.0\.11:/ { print $4 }'; }
json_str() { printf '%s' "$1" | tr -d '\000-\037"\\'; }

expected_ports() {
  echo "${OPENCODE_PORT:-3000}"; echo "${APP_PORT:-7860}"
  if [ "$OPERATION_MODE" = conductor ]; then echo 4096; echo "${MCP_BRIDGE_PORT:-8443}"; fi
  [ "${DASHBOARD_ENABLED:-false}" = true ] && echo "${DASHBOARD_PORT:-8080}"
}

resource_loop() {
  while :; do
    total=$(mem MemTotal); avail=$(mem MemAvailable)
    pct=$(awk -v t="$total" -v a="$avail" 'BEGIN { printf "%.1f", (t - a) * 100 / t }')
    procs=$(ps -o pid | tail -n +2 | wc -l)
    top=$(ps -o user,pid,rss,args | tail -n +2 | sort -k3 -n -r | head -n 10 |
      while read -r user pid rss args; do
        m=$(awk -v r="$rss" -v t="$total" 'BEGIN { printf "%.1f", r * 100 / t }')
        printf '{"user":"%s","pid":%s,"cpu":0.0,"mem":%s,"command":"%s"},' \
          "$user" "$pid" "$m" "$(json_str "$args")"
      done)
    printf '{"timestamp":"%s","mem_total_kb":%s,"mem_available_kb":%s,"mem_used_pct":%s,"swap_total_kb":%s,"swap_free_kb":%s,"process_count":%s,"top_processes":[%s]}\n' \
      "$(now)" "$total" "$avail" "$pct" "$(mem SwapTotal)" "$(mem SwapFree)" "$procs" "${top%,}" \
      >> "$LOGDIR/resources.jsonl"
    sleep "${RESOURCE_MONITOR_INTERVAL:-60}"
  done
}

portscan_loop() {
  while :; do
    exp=$(expected_ports | sort -u)
    ports=$(printf '%s\n' $exp | awk '{ printf "%s\"%s\"", (NR > 1 ? "," : ""), $1 }')
    unexpected=""
    for addr in $(listeners); do
      port=${addr##*:}
      echo "$exp" | grep -qx "$port" && continue
      proc=$(netstat -tlnp 2>/dev/null | awk -v a="$addr" '$4 == a { print $7; exit }')
      unexpected="$unexpected{\"address\": \"$addr\", \"process\": \"$(json_str "${proc:--}")\"},"
    done
    if [ -z "$unexpected" ]; then
      printf '{"timestamp":"%s","status":"ok","expected_ports":[%s],"unexpected":[]}\n' \
        "$(now)" "$ports" >> "$LOGDIR/portscan.jsonl"
    else
      # Like the real scanner, warnings are written pretty-printed over several lines.
      printf '{\n  "timestamp": "%s",\n  "status": "warning",\n  "expected_ports": [%s],\n  "unexpected": [%s]\n}\n' \
        "$(now)" "$ports" "${unexpected%,}" >> "$LOGDIR/portscan.jsonl"
    fi
    sleep "${PORTSCAN_INTERVAL:-300}"
  done
}

summary_loop() {
  while :; do
    sleep "${AUTOLOG_INTERVAL:-3600}"
    warnings=$(grep -c '"status": *"warning"' "$LOGDIR/portscan.jsonl" 2>/dev/null)
    snaps=$(wc -l < "$LOGDIR/resources.jsonl" 2>/dev/null || echo 0)
    lst=$(listeners | awk '{ printf "%s\"%s\"", (NR > 1 ? "," : ""), $1 }')
    printf '{"timestamp":"%s","process_count":%s,"mem_total_kb":%s,"mem_available_kb":%s,"portscan_warnings":%s,"resource_snapshots":%s,"listeners":[%s]}\n' \
      "$(now)" "$(ps -o pid | tail -n +2 | wc -l)" "$(mem MemTotal)" "$(mem MemAvailable)" \
      "${warnings:-0}" "$((snaps))" "$lst" >> "$LOGDIR/security_summary.jsonl"
  done
}

case "${OPERATION_MODE:-interactive}" in
  autonomous)
    {
      echo "$(now) autonomous run started, task: ${TASK_FILE:-<none>}"
      [ -f "/home/agent/projects/${TASK_FILE}" ] && sed 's/^/task: /' "/home/agent/projects/${TASK_FILE}"
      for step in 1 2 3; do sleep "${AUTONOMOUS_STEP_SECONDS:-1}"; echo "$(now) step $step of 3 done"; done
      echo "$(now) autonomous run finished"
    } >> "$LOGDIR/autonomous.log" 2>&1
    exit "${AUTONOMOUS_EXIT_CODE:-0}"
    ;;
  conductor) serve 4096; serve "${MCP_BRIDGE_PORT:-8443}" ;;
  *) serve "${OPENCODE_PORT:-3000}" ;;
esac
[ "${DASHBOARD_ENABLED:-false}" = true ] && serve "${DASHBOARD_PORT:-8080}"

if [ "${OPENCODE_INTERFACE:-web}" != tui ]; then
  [ "${RESOURCE_MONITOR_ENABLED:-false}" = true ] && resource_loop &
  [ "${PORTSCAN_ENABLED:-false}" = true ] && portscan_loop &
  [ "${AUTOLOG_ENABLED:-false}" = true ] && summary_loop &
fi
echo "demo workspace up: mode=${OPERATION_MODE:-interactive} egress=${NETWORK_EGRESS:-?}"
trap 'kill $(jobs -p) 2>/dev/null; exit 0' TERM INT
while :; do sleep 3600 & wait $!; done
