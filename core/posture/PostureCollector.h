#pragma once

#include "posture/PostureAudit.h"
#include "sandbox/Checkout.h"

#include <QObject>

#include <functional>

class EngineClient;

/// Gathers what the audit needs from the engine (the workspace container of the compose
/// project and its networks) and the checkout (.env values, file times, seccomp profile),
/// then evaluates it. Asynchronous; one run at a time.
class PostureCollector : public QObject {
    Q_OBJECT
public:
    PostureCollector(const Checkout& checkout, EngineClient& engine, QObject* parent = nullptr);

    /// Outcome of one run: results, or an error (engine unreachable, no workspace container).
    struct Outcome {
        QList<ControlResult> results;
        QString error;
        bool engineUnreachable = false;
    };
    /// Starts a run; \a done receives the outcome on this object's thread.
    void run(std::function<void(const Outcome&)> done);
    /// Blocking variant for the CLI (local event loop).
    Outcome runBlocking(int timeoutMs = 30000);
    /// The input the checkout contributes (env values, file times, seccomp profile).
    static PostureInput checkoutInput(const Checkout& checkout);

private:
    void inspectNetworks(PostureInput input, QStringList pending, std::function<void(const Outcome&)> done);

    Checkout m_checkout;
    EngineClient& m_engine;
};
