#include "StackAdviceMonitor.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QTimer>

StackAdviceMonitor::StackAdviceMonitor(const Checkout& checkout, EngineClient* engine, QObject* parent)
    : QObject(parent)
    , m_checkout(checkout)
    , m_engine(engine)
    , m_nam(new QNetworkAccessManager(this))
    , m_soon(new QTimer(this))
    , m_minute(new QTimer(this))
{
    m_soon->setSingleShot(true);
    m_soon->setInterval(1000);
    connect(m_soon, &QTimer::timeout, this, &StackAdviceMonitor::run);
    m_minute->setInterval(60000);
    connect(m_minute, &QTimer::timeout, this, &StackAdviceMonitor::refresh);
}

void StackAdviceMonitor::start()
{
    m_started = true;
    m_minute->start();
    refresh();
}

void StackAdviceMonitor::refresh()
{
    if (m_started && !m_soon->isActive())
        m_soon->start();
}

void StackAdviceMonitor::run()
{
    if (m_running) {
        refresh();
        return;
    }
    m_running = true;
    const EnvValues env = EnvValues::load(m_checkout.envFile());
    QPointer<StackAdviceMonitor> self(this);
    ModelServer::check(this, m_nam, m_engine, env, m_checkout.root(), m_checkout.composeProjectName(), 3000, [self, env](const ModelServerStatus& model) {
        if (!self)
            return;
        self->m_model = model;
        if (!self->m_engine) {
            self->m_running = false;
            Q_EMIT self->changed();
            return;
        }
        StackAdvisor::assess(*self->m_engine, self, self->m_checkout.composeProjectName(), env, [self](const QList<StackAdvice>& advice) {
            self->m_advice = advice;
            self->m_running = false;
            Q_EMIT self->changed();
        });
    });
}
