#!/usr/bin/env bash
# What `make run` gives an operator, checked without a person: the demo sandbox on a real engine
# (made as `make demo` makes it), the panel in a real X server started with --start (its Start
# button's path). The demo's default is restricted egress: the workspace must become healthy on
# internal networks only (it then publishes no port, so there is no web link, as on Docker 26).
# Then egress full (a reviewed, audited loosening) and a restart: http://127.0.0.1:OPENCODE_PORT/
# must serve OpenCode's web UI; egress goes back to restricted at the end. With chromium
# installed, a screenshot of that page goes to OUT_DIR.
#   run-check.sh BUILD_DIR DEMO_DIR [OUT_DIR]   (make run-check)
set -euo pipefail
build=$(cd "$1" && pwd); demo=$2; out=${3:-$build/run-check}
mkdir -p "$out"; out=$(cd "$out" && pwd)
start=$(date +%s)
step() { printf '[run-check %4ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }
set -a; . "$build/engine/env"; set +a
port=$(sed -n 's/^OPENCODE_PORT=//p' "$demo/.env" | tr -d '"'); port=${port:-3000}
state=$(mktemp -d); panel_pid=""; loosened=0
ctl() { "$build/app/sandbox-ctl" --sandbox "$demo" "$@"; }
cleanup() {
  local rc=$?
  # The panel, xvfb-run and Xvfb are one process group (setsid): all of them end here.
  if [[ -n "$panel_pid" ]]; then kill -TERM -- "-$panel_pid" 2>/dev/null; wait "$panel_pid" 2>/dev/null || true; fi
  if [[ $rc != 0 ]]; then
    echo "run-check: panel log:" >&2; cat "$out/panel.log" >&2 || true
    "$build/app/sandbox-ctl" --sandbox "$demo" status >&2 || true
  fi
  "$build/app/sandbox-ctl" --sandbox "$demo" down >/dev/null 2>&1 || true
  if [[ $loosened == 1 ]]; then ctl egress restricted >/dev/null 2>&1 || true; fi # tightening asks nothing
  rm -rf "$state"
  if [[ $rc == 0 ]]; then step "passed"; else step "FAILED (exit $rc)"; fi
}
trap cleanup EXIT
# The page's title, or nothing (python3 is a dependency already; curl is not).
title() { python3 - "http://127.0.0.1:$port/" <<'PY' 2>/dev/null
import re, sys, urllib.request
body = urllib.request.urlopen(sys.argv[1], timeout=2).read().decode("utf-8", "replace")
m = re.search(r"<title>([^<]*)</title>", body)
print(m.group(1) if m else "")
PY
}

step "panel --start on $demo (Xvfb)"
# The panel's own settings and state in a scratch home: an operator's are not touched.
XDG_CONFIG_HOME=$state/config XDG_STATE_HOME=$state/state XDG_RUNTIME_DIR=$state \
  setsid xvfb-run -a -s "-screen 0 1280x800x24" "$build/app/sandbox-panel" --sandbox "$demo" --start \
  > "$out/panel.log" 2>&1 &
panel_pid=$!
# The workspace healthy and restricted, as the engine reports it (`status --json`).
restricted_healthy() { ctl --json status 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
ws = [s for s in d.get("services", []) if s.get("service") == "workspace"]
sys.exit(0 if ws and ws[0].get("health") == "healthy" and d.get("running", {}).get("egress") == "restricted" else 1)' 2>/dev/null; }
for _ in $(seq 1 300); do
  kill -0 "$panel_pid" 2>/dev/null || { echo "run-check: the panel exited" >&2; exit 1; }
  if restricted_healthy; then
    step "restricted start: the workspace is healthy on internal networks only (no published port, so no web link)"
    break
  fi
  sleep 1
done
restricted_healthy || { echo "run-check: the restricted workspace was not healthy after 300 s" >&2; exit 1; }
loosened=1
ctl egress full --yes --reason "run-check: the web UI needs a published port" > "$out/egress.log" 2>&1 || { cat "$out/egress.log" >&2; exit 1; }
ctl restart > "$out/restart.log" 2>&1 || { tail -20 "$out/restart.log" >&2; exit 1; }
step "egress full (reviewed with --yes, audited) and restart: $(tail -1 "$out/restart.log")"
for _ in $(seq 1 120); do
  kill -0 "$panel_pid" 2>/dev/null || { echo "run-check: the panel exited" >&2; exit 1; }
  if [[ "$(title)" == OpenCode ]]; then
    step "http://127.0.0.1:$port/ serves OpenCode's web UI"
    break
  fi
  sleep 1
done
[[ "$(title)" == OpenCode ]] || { echo "run-check: no OpenCode web UI at http://127.0.0.1:$port/ after the restart" >&2; exit 1; }
if command -v chromium >/dev/null; then
  timeout 120 chromium --headless --no-sandbox --disable-gpu --window-size=1280,800 --virtual-time-budget=15000 \
    --screenshot="$out/opencode.png" "http://127.0.0.1:$port/" >/dev/null 2>&1 && step "screenshot: $out/opencode.png"
fi
