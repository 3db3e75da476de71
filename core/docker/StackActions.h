#pragma once

#include "core/docker/ServiceState.h"
#include "core/docker/StackMonitor.h"

/// What the lifecycle controls offer now: the Overview's buttons, Open OpenCode and the tray menu
/// all show this one decision.
struct StackActions {
    bool start = true;
    bool stop = true;
    bool restart = true;
    /// OpenCode's web UI answers: the workspace passed its health check (which probes
    /// OPENCODE_PORT), or it runs without one. Never while it is still starting.
    bool openOpenCode = false;

    /// Start while the stack is not up, Stop and Restart while it is, nothing while a lifecycle
    /// job runs (\a busy); Start, Stop and Restart while the engine is unavailable (state unknown).
    static StackActions of(StackState state, bool busy, const ServiceInfo& workspace = {});
    /// The rule for openOpenCode on its own.
    static bool openCodeAnswers(StackState state, const ServiceInfo& workspace);
};
