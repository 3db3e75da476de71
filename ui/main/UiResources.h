#pragma once

/// Registers the icons compiled into the sandbox_ui static library (safe to call repeatedly).
void initUiResources();
