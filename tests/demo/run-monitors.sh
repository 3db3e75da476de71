#!/bin/bash
# Runs the three monitor scripts of folder $1 (the reference checkout's or ours) in one fixed
# scenario, each for a fixed number of loops (counting-sleep). Their reports go to
# /home/agent/projects/logs. Scenario: no TCP listener at all; an expected listener (3000);
# an unexpected one (5555); then resources and the security summary.
set -u
monitors=$1
export PATH=/opt/shim:$PATH OPENCODE_PORT=3000 APP_PORT=7860 PORTSCAN_INTERVAL=1 RESOURCE_MONITOR_INTERVAL=1
run() { LOOPS=$1 "$monitors/$2" > /dev/null 2>&1; }
listen() { # PORT: start a listener and return once ss shows it
  nc -l -k -p "$1" < /dev/null > /dev/null 2>&1 &
  for _ in $(seq 100); do ss -tln | grep -q ":$1 " && return 0; /bin/sleep 0.05; done
  echo "listener on $1 did not come up" >&2; exit 1
}
run 2 monitor-ports.sh
listen 3000
run 2 monitor-ports.sh
listen 5555
run 2 monitor-ports.sh
run 3 monitor-resources.sh
run 2 monitor-logs.sh
kill $(jobs -p) 2> /dev/null
ls /home/agent/projects/logs
