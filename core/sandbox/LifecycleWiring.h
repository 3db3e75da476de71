#pragma once

#include "core/compose/Lifecycle.h"

class EngineClient;

/// Connects the lifecycle to the rest of the core: wire() is the Sandbox's (the panel's and,
/// through its Sandbox, the CLI's); tests take the parts they need.
namespace LifecycleWiring {
/// Validates the checkout's .env with every SANDBOX.md rule before a start.
Lifecycle::Validator settingsValidator();
/// Records the pinned versions (PinRecord) read when a building job (start, restart, build)
/// starts, once it succeeds; default \a stateDir Logging::stateDir().
void recordPins(Lifecycle& lifecycle, const QString& stateDir = {});
/// The engine client, the settings validator and the pin record on \a lifecycle.
void wire(Lifecycle& lifecycle, EngineClient& client);
} // namespace LifecycleWiring
