#pragma once

#include "core/check/SecretScan.h"
#include "core/composefile/ComposePorts.h"

#include <QByteArray>

/// The file rules of security_check.sh, each a pure function over the checkout's bytes.
namespace CheckoutRules {
/// A line that is exactly `USER agent` (grep -E '^USER agent$').
bool dockerfileEndsAsAgent(const QByteArray& dockerfile);
/// Lines holding `apt-get install *` in Dockerfile, scripts/, docker-compose.yml, AGENTS.md and
/// README.md of \a root (the script's grep -RIn).
QList<SecretFinding> broadAptInstall(const QString& root);
/// Why the published ports break "bound to 127.0.0.1" (none on 127.0.0.1, or one on all
/// interfaces), empty when they are fine.
QString portsProblem(const QList<ComposePort>& published);
/// services.workspace.read_only is true; false also for YAML that does not parse.
bool workspaceReadOnly(const QByteArray& composeYaml);
/// services.workspace.security_opt names a seccomp profile (`seccomp=...` or `seccomp:...`).
bool workspaceSeccomp(const QByteArray& composeYaml);
} // namespace CheckoutRules
