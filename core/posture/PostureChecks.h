#pragma once

// Internal to core/posture: one function per control, shared helpers.

#include "core/posture/PostureAudit.h"

#include <QJsonArray>

namespace PostureChecks {

ControlResult make(const char* id, ControlStatus status, const QString& detail, const char* policy);
/// The expected value of \a key: .env, else the compose file's default, else \a fallback.
QString expected(const PostureInput& in, const char* key, const char* fallback);
QJsonObject hostConfig(const PostureInput& in);
QJsonObject config(const PostureInput& in);
/// .env changed after the container was created: its values are pending, not what runs.
bool envEditedSinceStart(const PostureInput& in);

// ContainerChecks.cpp
ControlResult readOnlyRoot(const PostureInput& in);
ControlResult capabilities(const PostureInput& in);
ControlResult seccomp(const PostureInput& in);
ControlResult logRotation(const PostureInput& in);
ControlResult nonRootUser(const PostureInput& in);
ControlResult healthcheck(const PostureInput& in);
ControlResult notPrivileged(const PostureInput& in);

// LimitChecks.cpp
ControlResult pidsLimit(const PostureInput& in);
ControlResult memoryLimit(const PostureInput& in);
ControlResult cpuLimit(const PostureInput& in);
ControlResult ulimits(const PostureInput& in);
ControlResult coreDumps(const PostureInput& in);

// ExposureChecks.cpp
ControlResult portsLoopback(const PostureInput& in);
ControlResult egress(const PostureInput& in);
ControlResult noEngineSocket(const PostureInput& in);
ControlResult sharedReadonly(const PostureInput& in);

// DriftCheck.cpp
ControlResult envDrift(const PostureInput& in);

// OversightCheck.cpp
ControlResult oversight(const PostureInput& in);

} // namespace PostureChecks
