#!/bin/bash
# Demo security summary: appends one compact record to the project's
# logs/security_summary.jsonl every hour, the first an hour after start, in the real format
# (SANDBOX.md). Demo-only: AUTOLOG_INTERVAL shortens the hour (the real checkout has no such key).
set -Euo pipefail
readonly LOGS=/home/agent/projects/logs
mkdir -p "$LOGS"

meminfo() { awk -v k="$1:" '$1 == k { v = $2 } END { print (v ~ /^[0-9]+$/) ? v : 0 }' /proc/meminfo 2>/dev/null || echo 0; }
number() { [[ $1 =~ ^[0-9]+$ ]] && echo "$1" || echo 0; }

while :; do
  sleep "${AUTOLOG_INTERVAL:-3600}"
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  count=$(ps aux 2>/dev/null | tail -n +2 | wc -l)
  # Warnings are always compact records; the count is the file's, so it only grows.
  warnings=$(number "$(grep -c '"status":"warning"' "$LOGS/portscan.jsonl" 2>/dev/null)")
  snapshots=$(number "$(wc -l < "$LOGS/resources.jsonl" 2>/dev/null)")
  listeners=$(ss -tlnp 2>/dev/null | tail -n +2 | awk 'NF { print $4 }' | jq -R -s -c 'split("\n")[:-1]')
  jq -cn --arg ts "$now" --argjson pc "$count" --argjson mt "$(meminfo MemTotal)" --argjson ma "$(meminfo MemAvailable)" \
    --argjson pw "$warnings" --argjson rs "$snapshots" --argjson ls "$listeners" \
    '{timestamp: $ts, process_count: $pc, mem_total_kb: $mt, mem_available_kb: $ma,
      portscan_warnings: $pw, resource_snapshots: $rs, listeners: $ls}' >> "$LOGS/security_summary.jsonl"
done
