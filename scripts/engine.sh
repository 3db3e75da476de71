#!/usr/bin/env bash
# A Docker engine for tests and the demo.
#   engine.sh start STATE_DIR   use the engine at DOCKER_HOST or the default socket when it answers;
#                               else, as root, start a private dockerd (own socket, data-root and
#                               exec-root) under STATE_DIR. Writes STATE_DIR/env (DOCKER_HOST=...)
#                               and builds the demo base image.
#   engine.sh stop STATE_DIR    stops the private dockerd if this script started it.
#   engine.sh restart STATE_DIR stops and starts the private dockerd (failure tests).
# Compose v2: when `docker compose` does not work here, Debian 13's v2 binary is fetched once
# (fetch-compose-v2.sh, into STATE_DIR/..) and exposed as a CLI plugin through DOCKER_CONFIG
# (STATE_DIR/docker-config/cli-plugins/docker-compose) and as a standalone program
# (SANDBOX_COMPOSE_V2 in STATE_DIR/env). The env file is KEY=value lines to export.
# With CI=true an engine that cannot be had is an error; otherwise the tests that need it skip.
set -uo pipefail
cmd=${1:?start|stop|restart}; state=${2:?state dir}
src="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$state"; state="$(cd "$state" && pwd)"

answers() { DOCKER_HOST="$1" timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

exec_root() {
  local d="$state/exec"
  if (( ${#d} > 60 )); then d="/tmp/scp-exec-$(echo "$state" | sha1sum | cut -c1-10)"; fi
  echo "$d"
}

start_private() {
  local sock="unix://$state/docker.sock"
  if [[ -f "$state/dockerd.pid" ]] && kill -0 "$(cat "$state/dockerd.pid")" 2>/dev/null && answers "$sock"; then
    return 0
  fi
  mkdir -p "$state/data" "$(exec_root)"
  echo "engine: starting a private dockerd in $state" >&2
  # The daemon outlives this script: it must not inherit our open files (a caller's flock on
  # /tmp/heavy.lock would otherwise stay held by dockerd and block every other build).
  (
    for fd in /proc/$BASHPID/fd/*; do
      n=${fd##*/}; (( n > 2 )) && eval "exec $n>&-" 2>/dev/null
    done
    exec dockerd --host "$sock" --data-root "$state/data" --exec-root "$(exec_root)" \
      --pidfile "$state/dockerd.pid" >>"$state/dockerd.log" 2>&1
  ) &
  for _ in $(seq 1 120); do
    answers "$sock" && { touch "$state/owned"; return 0; }
    sleep 0.5
  done
  echo "engine: the private dockerd did not answer; last lines of $state/dockerd.log:" >&2
  tail -n 20 "$state/dockerd.log" >&2
  return 1
}

stop_private() {
  [[ -f "$state/owned" && -f "$state/dockerd.pid" ]] || return 0
  local pid; pid=$(cat "$state/dockerd.pid")
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null
  rm -f "$state/dockerd.pid"
}

# Echoes the env lines that make `docker compose` (v2) work; fails when v2 cannot be had.
compose_v2_env() {
  if timeout 20 docker compose version >/dev/null 2>&1; then
    [[ -n "${DOCKER_CONFIG:-}" ]] && echo "DOCKER_CONFIG=$DOCKER_CONFIG"
    return 0
  fi
  local bin config="$state/docker-config"
  bin=$("$src/scripts/fetch-compose-v2.sh" "$(dirname "$state")") || return 1
  mkdir -p "$config/cli-plugins"
  ln -sfn "$bin" "$config/cli-plugins/docker-compose"
  DOCKER_CONFIG="$config" timeout 20 docker compose version >/dev/null 2>&1 || return 1
  echo "DOCKER_CONFIG=$config"
  echo "SANDBOX_COMPOSE_V2=$bin"
}

case "$cmd" in
  start)
    rm -f "$state/env"
    host=""
    if [[ -n "${DOCKER_HOST:-}" ]] && answers "$DOCKER_HOST"; then host=$DOCKER_HOST
    elif answers unix:///var/run/docker.sock; then host=unix:///var/run/docker.sock
    elif [[ $(id -u) == 0 ]] && command -v dockerd >/dev/null && start_private; then host="unix://$state/docker.sock"
    fi
    if [[ -z "$host" ]]; then
      msg="engine: no Docker engine reachable and none could be started (needs root and docker.io)"
      if [[ "${CI:-}" == true ]]; then echo "$msg" >&2; exit 1; fi
      echo "$msg; engine tests will be skipped" >&2; exit 0
    fi
    if ! v2=$(compose_v2_env); then
      msg="engine: compose v2 (docker compose) is not available and could not be fetched"
      if [[ "${CI:-}" == true ]]; then echo "$msg" >&2; exit 1; fi
      echo "$msg; compose tests use docker-compose v1" >&2; v2=""
    fi
    { echo "DOCKER_HOST=$host"; [[ -n "$v2" ]] && echo "$v2"; } > "$state/env"
    DOCKER_HOST="$host" "$src/resources/demo-sandbox/image/build-base-image.sh" >&2 || exit 1
    echo "engine: using $host ($(DOCKER_HOST=$host docker version --format '{{.Server.Version}}'))"
    ;;
  stop) stop_private ;;
  restart) [[ -f "$state/owned" ]] || { echo "engine: not a private engine" >&2; exit 1; }
    stop_private; start_private ;;
  *) echo "usage: engine.sh start|stop|restart STATE_DIR" >&2; exit 2 ;;
esac
