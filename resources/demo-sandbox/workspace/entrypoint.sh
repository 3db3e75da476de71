#!/bin/bash
# The demo workspace's entrypoint. Written for the demo from the documented behaviour of the
# real checkout's entrypoint (it is not a copy): git config in tmpfs, OpenCode pointed at the
# model server of LLM_SOURCE, the monitors started per .env, then one of the modes:
#   interactive + web  `opencode web` on OPENCODE_PORT          (tui: `exec opencode`)
#   conductor          `opencode serve` on 127.0.0.1:4096 + the MCP bridge on MCP_BRIDGE_PORT
#   autonomous         `opencode run` on TASK_FILE, output in the project's logs/autonomous.log
# SIGTERM/SIGINT stop the monitors; the script then exits with the status of `wait` (143 on a
# stop). As in the real one, the autonomous run is a foreground command: a stop during it waits
# for the run (or the engine's kill after the grace period: 137).
set -Euo pipefail
readonly APP=/home/agent/app PROJECTS=/home/agent/projects
export HOME=/home/agent
export GIT_CONFIG_GLOBAL=/tmp/gitconfig XDG_CONFIG_HOME=/home/agent/.config
cd "$PROJECTS"

git config --global user.name "${GIT_USERNAME:-Agent Coder}"
git config --global user.email "${GIT_EMAIL:-agent@sandboxed.local}"
git config --global init.defaultBranch main
git config --global --add safe.directory "$PROJECTS"

stop_children() {
  local f
  for f in /tmp/monitor-*.pid; do
    [[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null
    rm -f "$f"
  done
  return 0
}
trap stop_children TERM INT

if [[ -n "${GITHUB_TOKEN:-}" && -z "${GH_TOKEN:-}" ]]; then export GH_TOKEN="$GITHUB_TOKEN"; fi

# --- OpenCode's model: the server of LLM_SOURCE (in the demo, the stand-in in llm-backend) ---
llm_host=${LLM_HOST:-host.docker.internal}
case "${LLM_SOURCE:-}" in
  lm_studio) provider=lmstudio; provider_name="LM Studio (Host)"; model=${LM_STUDIO_MODEL:?LM_STUDIO_MODEL must be set}
    base_url="http://$llm_host:${LLM_PORT:-1234}/v1"; context=131072; output=8192 ;;
  fastflow_amd) provider=fastflow; provider_name="FastFlowLM (Host NPU)"; model=${FASTFLOW_MODEL:?FASTFLOW_MODEL must be set}
    base_url="http://$llm_host:${LLM_PORT:-52625}/v1"; context=32768; output=4096 ;;
  ollama_docker) provider=ollama; provider_name="Ollama (Isolated)"; model=${OLLAMA_MODEL:?OLLAMA_MODEL must be set}
    # The compose service name: the demo's container names vary (tests give each run its own).
    base_url="http://llm-backend:11434/v1"; context=32768; output=4096 ;;
  *) echo "Error: Invalid LLM_SOURCE or MODEL_PROFILE defined in .env"; exit 1 ;;
esac
mkdir -p "$XDG_CONFIG_HOME/opencode"
jq -n --arg id "$provider" --arg name "$provider_name" --arg url "$base_url" --arg model "$model" \
  --arg key "${LM_STUDIO_API_KEY:-}" --argjson context "$context" --argjson output "$output" '{
    "$schema": "https://opencode.ai/config.json",
    provider: {($id): {npm: "@ai-sdk/openai-compatible", name: $name,
      options: ({baseURL: $url} + (if $key != "" then {apiKey: $key} else {} end)),
      models: {($model): {name: $model, limit: {context: $context, output: $output}}}}},
    model: ($id + "/" + $model)}' > "$XDG_CONFIG_HOME/opencode/opencode.json"

# --- Monitors (not with the TUI, which replaces this script) ---
start_child() { # NAME COMMAND...: runs COMMAND in the background, its pid in /tmp/monitor-NAME.pid
  local name=$1; shift
  "$@" &
  echo $! > "/tmp/monitor-$name.pid"
}
if [[ "${OPENCODE_INTERFACE:-web}" != tui ]]; then
  [[ "${PORTSCAN_ENABLED:-false}" == true ]] && start_child ports "$APP/monitor-ports.sh"
  [[ "${RESOURCE_MONITOR_ENABLED:-false}" == true ]] && start_child resources "$APP/monitor-resources.sh"
  [[ "${AUTOLOG_ENABLED:-false}" == true ]] && start_child logs "$APP/monitor-logs.sh"
fi

finish() { # STATUS: stop the monitors and leave with STATUS
  stop_children
  exit "$1"
}

case "${OPERATION_MODE:-interactive}" in
  autonomous)
    : "${TASK_FILE:?TASK_FILE must be set when OPERATION_MODE=autonomous}"
    task="$PROJECTS/$TASK_FILE"
    [[ -f $task ]] || { echo "Error: Task file not found: $task"; finish 1; }
    mkdir -p "$PROJECTS/logs"
    echo "Autonomous mode: executing task from ${TASK_FILE}..."
    opencode run --dangerously-skip-permissions \
      "You are operating in AUTONOMOUS mode. Read the attached task file and carry it out end-to-end." \
      --file "$task" >> "$PROJECTS/logs/autonomous.log" 2>&1
    status=$?
    echo "Autonomous execution finished with exit code ${status}."
    finish "$status"
    ;;
  conductor)
    start_child opencode opencode serve --hostname 127.0.0.1 --port 4096
    echo "Waiting for OpenCode serve to become ready..."
    for (( i = 1; ; i++ )); do
      # With a time limit: a probe sent while `opencode serve` starts may never be answered.
      curl -fsS --max-time 2 -o /dev/null http://127.0.0.1:4096/global/health 2>/dev/null && break
      (( i < 30 )) || { echo "Error: OpenCode serve did not start within 30 seconds."; finish 1; }
      sleep 1
    done
    start_child bridge "$APP/mcp-bridge"
    echo "Conductor mode ready. Connect your AI coding agent to: http://localhost:${MCP_BRIDGE_PORT:-8443}/mcp"
    wait "$(cat /tmp/monitor-opencode.pid)"
    finish $?
    ;;
  *)
    [[ "${OPENCODE_INTERFACE:-web}" == tui ]] && exec opencode
    echo "demo workspace is live: OpenCode web on http://localhost:${OPENCODE_PORT:-3000} (model $provider/$model at $base_url)"
    opencode web --hostname 0.0.0.0 --port "${OPENCODE_PORT:-3000}" &
    echo $! > /tmp/monitor-opencode.pid
    wait $!
    finish $?
    ;;
esac
