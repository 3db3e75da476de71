# Stands in for a reference checkout's Dockerfile in tests (nothing can be pulled): the demo's
# Debian base with the real OpenCode, and the demo's entrypoint, monitors and MCP bridge.
FROM sandbox-demo-base:1
COPY workspace/entrypoint.sh /usr/local/bin/sandbox-entry
COPY workspace/monitor-ports.sh workspace/monitor-resources.sh workspace/monitor-logs.sh workspace/mcp-bridge /home/agent/app/
USER 1000:1000
WORKDIR /home/agent/projects
ENTRYPOINT ["/usr/local/bin/sandbox-entry"]
