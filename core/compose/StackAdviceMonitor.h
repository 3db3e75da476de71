#pragma once

#include "core/checkout/Checkout.h"
#include "core/compose/ModelServer.h"
#include "core/compose/StackAdvice.h"

#include <QObject>

class QNetworkAccessManager;
class QTimer;

/// Keeps the stack's advice (StackAdvisor) and the model-server check current for the panel:
/// once started, refreshed on request (coalesced) and every minute. The Overview and the tray
/// show the same.
class StackAdviceMonitor : public QObject {
    Q_OBJECT
public:
    /// \a engine may be null (no advice, only the model-server check); it must outlive this.
    StackAdviceMonitor(const Checkout& checkout, EngineClient* engine, QObject* parent = nullptr);

    QList<StackAdvice> advice() const { return m_advice; }
    QStringList warnings() const { return StackAdvisor::warningLines(m_advice); }
    /// Empty source until the first check finished.
    ModelServerStatus modelServer() const { return m_model; }

    /// Checks soon, then every minute and on refresh(); nothing is checked before.
    void start();
    bool isStarted() const { return m_started; }

public Q_SLOTS:
    /// Re-checks soon (several requests within a second become one check); ignored until start().
    void refresh();

Q_SIGNALS:
    void changed();

private:
    void run();

    Checkout m_checkout;
    EngineClient* m_engine;
    QNetworkAccessManager* m_nam;
    QTimer* m_soon;
    QTimer* m_minute;
    bool m_started = false;
    bool m_running = false;
    QList<StackAdvice> m_advice;
    ModelServerStatus m_model;
};
