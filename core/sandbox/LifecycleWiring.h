#pragma once

#include "compose/EngineAccess.h"
#include "compose/Lifecycle.h"

class EngineClient;

/// Connects the lifecycle to the rest of the core (used by the Sandbox and the CLI).
namespace LifecycleWiring {
/// The lifecycle's engine access through \a client (the real Engine API client).
EngineRequest engineRequest(EngineClient& client);
/// Validates the checkout's .env with every SANDBOX.md rule before a start.
Lifecycle::Validator settingsValidator();
/// Records the pinned versions (PinRecord) read when a building job (start, restart, build)
/// starts, once it succeeds; default \a stateDir Logging::stateDir().
void recordPins(Lifecycle& lifecycle, const QString& stateDir = {});
/// All of the above on \a lifecycle.
void wire(Lifecycle& lifecycle, EngineClient& client);
} // namespace LifecycleWiring
