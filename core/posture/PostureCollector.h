#pragma once

#include "core/checkout/Checkout.h"
#include "core/posture/PostureAudit.h"
#include "core/posture/RunningPosture.h"

#include <QObject>

#include <functional>

class EngineClient;

/// Gathers what the audit needs from the engine (the workspace container of the compose
/// project and its networks) and the checkout (.env values, compose defaults, file times,
/// seccomp profile), then evaluates it. Asynchronous; callbacks run on this object's thread and
/// are dropped if the collector is destroyed first.
class PostureCollector : public QObject {
    Q_OBJECT
public:
    PostureCollector(const Checkout& checkout, EngineClient& engine, QObject* parent = nullptr);

    /// Outcome of one run: results of every control, or an error.
    struct Outcome {
        QList<ControlResult> results; ///< empty when there was nothing to audit
        QString error;                ///< why there are no results, in plain words
        bool engineUnreachable = false;
        QString container;      ///< the workspace container audited (name)
        RunningPosture running; ///< what the running workspace has (unknown without results)
    };
    /// Starts a run; \a done receives the outcome.
    void run(std::function<void(const Outcome&)> done);
    /// Blocking variant for the CLI (local event loop). Never on the GUI thread.
    Outcome runBlocking(int timeoutMs = 30000);
    /// The input the checkout contributes (env values, compose defaults, file times, profile).
    static PostureInput checkoutInput(const Checkout& checkout);

private:
    void inspectNetworks(PostureInput input, QStringList pending, QString name, std::function<void(const Outcome&)> done);

    Checkout m_checkout;
    EngineClient& m_engine;
};
