#pragma once

#include "compose/Lifecycle.h"

class EngineClient;

/// Connects the lifecycle to the rest of the core (used by the Sandbox and the CLI).
namespace LifecycleWiring {
/// Validates the checkout's .env with every SANDBOX.md rule before a start.
Lifecycle::Validator settingsValidator();
/// The engine client and the settings validator on \a lifecycle.
void wire(Lifecycle& lifecycle, EngineClient& client);
} // namespace LifecycleWiring
