#!/bin/bash
# Demo port monitor: every PORTSCAN_INTERVAL s (300) appends one record to the project's
# logs/portscan.jsonl in the real monitor's format (SANDBOX.md): "warning" when a TCP listener
# (`ss -tlnp`) is on a port outside the expected ones. Its quirk is kept: with no listener at all
# the record is written pretty-printed over several lines (9 with the two default ports).
set -Euo pipefail
readonly OUT=/home/agent/projects/logs/portscan.jsonl
mkdir -p "${OUT%/*}"

ports=("${OPENCODE_PORT:-3000}" "${APP_PORT:-7860}")
[[ "${OPERATION_MODE:-}" == conductor ]] && ports+=(4096 "${MCP_BRIDGE_PORT:-8443}")
[[ "${DASHBOARD_ENABLED:-false}" == true ]] && ports+=("${DASHBOARD_PORT:-8080}")
expected=$(printf '%s\n' "${ports[@]}" | jq -R -s -c 'split("\n")[:-1]')

while :; do
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  listeners=$(ss -tlnp 2>/dev/null | tail -n +2 || true)
  if [[ -z $listeners ]]; then
    jq -n --arg ts "$now" --argjson ep "$expected" \
      '{timestamp: $ts, status: "ok", expected_ports: $ep, unexpected: []}' >> "$OUT"
  else
    # Local address and process of every listener whose port is not an expected one.
    unexpected=$(awk -v want="${ports[*]}" 'BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) ok[w[i]] = 1 }
        NF { port = $4; sub(/.*:/, "", port); if (!(port in ok)) { p = $6; gsub(/"/, "", p); print $4 "\t" p } }' <<< "$listeners" |
      jq -R -s -c '[split("\n")[] | select(. != "") | split("\t") | {address: .[0], process: (.[1] // "")}]')
    jq -cn --arg ts "$now" --argjson ep "$expected" --argjson un "$unexpected" \
      '{timestamp: $ts, status: (if $un == [] then "ok" else "warning" end), expected_ports: $ep, unexpected: $un}' >> "$OUT"
  fi
  sleep "${PORTSCAN_INTERVAL:-300}"
done
