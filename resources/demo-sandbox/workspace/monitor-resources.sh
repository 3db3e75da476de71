#!/bin/bash
# Demo resource monitor: every RESOURCE_MONITOR_INTERVAL s (60) appends one compact record to
# the project's logs/resources.jsonl, in the real monitor's format (SANDBOX.md): memory from
# /proc/meminfo, mem_used_pct to one decimal (jq prints 50.0 as 50), `ps aux` process count and
# the top 10 processes by memory.
set -Euo pipefail
readonly OUT=/home/agent/projects/logs/resources.jsonl
mkdir -p "${OUT%/*}"

meminfo() { awk -v k="$1:" '$1 == k { v = $2 } END { print (v ~ /^[0-9]+$/) ? v : 0 }' /proc/meminfo 2>/dev/null || echo 0; }

while :; do
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  total=$(meminfo MemTotal); avail=$(meminfo MemAvailable)
  used=0.0
  (( total > 0 )) && used=$(awk -v t="$total" -v a="$avail" 'BEGIN { printf "%.1f", (t - a) / t * 100 }')
  count=$(ps aux 2>/dev/null | tail -n +2 | wc -l)
  # user, pid, %cpu, %mem and the command (its words joined by one space), tab-separated.
  top=$(ps aux --sort=-%mem 2>/dev/null | tail -n +2 | head -10 | awk -v OFS='\t' '$2 ~ /^[0-9]+$/ {
          cmd = $11; for (i = 12; i <= NF; i++) cmd = cmd " " $i; print $1, $2, $3, $4, cmd }' |
        jq -R -s -c '[split("\n")[] | select(. != "") | split("\t") |
          {user: .[0], pid: (.[1] | tonumber), cpu: (.[2] | tonumber), mem: (.[3] | tonumber), command: (.[4] // "")}]')
  jq -cn --arg ts "$now" --argjson mt "$total" --argjson ma "$avail" --arg mu "$used" \
    --argjson st "$(meminfo SwapTotal)" --argjson sf "$(meminfo SwapFree)" --argjson pc "$count" --argjson tp "$top" \
    '{timestamp: $ts, mem_total_kb: $mt, mem_available_kb: $ma, mem_used_pct: ($mu | tonumber),
      swap_total_kb: $st, swap_free_kb: $sf, process_count: $pc, top_processes: $tp}' >> "$OUT"
  sleep "${RESOURCE_MONITOR_INTERVAL:-60}"
done
