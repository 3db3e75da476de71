#pragma once

#include "compose/EngineAccess.h"

class QObject;

/// A minimal EngineRequest over the engine's Unix socket (DOCKER_HOST=unix://... or
/// /var/run/docker.sock): one HTTP/1.1 request per connection. A stand-in until core/docker's
/// EngineClient is wired in; requests are made in \a context's thread.
EngineRequest localEngineRequest(QObject* context);
