#pragma once

#include <QFileInfo>
#include <QHash>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

/// The engine the test run shares (scripts/engine.sh, ctest fixture docker_engine).
namespace TestEngine {
/// DOCKER_HOST of the shared engine, or empty when none could be had.
QString dockerHost();
/// The KEY=value lines of the harness's env file (DOCKER_HOST, DOCKER_CONFIG, SANDBOX_COMPOSE_V2).
QHash<QByteArray, QByteArray> environment();
/// Sets DOCKER_HOST (and DOCKER_CONFIG with the compose v2 plugin) for this process and its children. False when there is no engine: then the
/// caller must QSKIP (locally) or QFAIL (CI=true); use SANDBOX_REQUIRE_ENGINE().
bool activate();
bool isCi();
/// True when the engine is the private dockerd the harness started (it may be restarted).
bool isPrivate();
/// Stops and starts the private dockerd (blocking). False when not private or it failed.
bool restartPrivateEngine(QString* error = nullptr);
/// {"docker", "compose"} when the v2 plugin works, else {"docker-compose"}; SANDBOX_COMPOSE=v1|v2
/// forces one.
QStringList composeCommand();
} // namespace TestEngine

/// Skips the current test with \a why (a C string) locally; with CI=true that is a failure.
#define SANDBOX_SKIP_UNLESS_CI(why)                                                                                                                            \
    do {                                                                                                                                                       \
        if (TestEngine::isCi())                                                                                                                                \
            QFAIL(qPrintable(QStringLiteral("CI=true: ") + QString::fromUtf8(why)));                                                                           \
        QSKIP(why);                                                                                                                                            \
    } while (false)

/// Skips (locally) or fails (CI=true) the current test when reference checkout \a dir is absent.
#define SANDBOX_REQUIRE_REFERENCE(dir)                                                                                                                         \
    do {                                                                                                                                                       \
        if (!QFileInfo::exists(dir)) {                                                                                                                         \
            if (TestEngine::isCi())                                                                                                                            \
                QFAIL("../shared/reference is missing (CI=true)");                                                                                             \
            QSKIP("../shared/reference is not here");                                                                                                          \
        }                                                                                                                                                      \
    } while (false)

/// Skips (locally) or fails (CI=true) the current test when no engine is reachable.
#define SANDBOX_REQUIRE_ENGINE()                                                                                                                               \
    do {                                                                                                                                                       \
        if (!TestEngine::activate()) {                                                                                                                         \
            if (TestEngine::isCi())                                                                                                                            \
                QFAIL("no Docker engine reachable (CI=true): see build/test-engine/dockerd.log");                                                              \
            QSKIP("no Docker engine reachable; run as root or start dockerd");                                                                                 \
        }                                                                                                                                                      \
    } while (false)
