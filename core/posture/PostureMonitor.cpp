#include "PostureMonitor.h"

#include "posture/PostureCollector.h"

#include <QFileSystemWatcher>
#include <QHash>
#include <QTimer>

PostureMonitor::PostureMonitor(const Checkout& checkout, EngineClient& engine, QObject* parent)
    : QObject(parent)
    , m_checkout(checkout)
    , m_collector(new PostureCollector(checkout, engine, this))
    , m_watcher(new QFileSystemWatcher(this))
    , m_periodic(new QTimer(this))
    , m_debounce(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(500);
    connect(m_debounce, &QTimer::timeout, this, &PostureMonitor::refresh);
    m_periodic->setInterval(60000);
    connect(m_periodic, &QTimer::timeout, this, &PostureMonitor::refresh);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString& path) {
        if (!m_watcher->files().contains(path))
            m_watcher->addPath(path); // atomic replace drops the watch
        m_debounce->start();
    });
}

PostureMonitor::~PostureMonitor() = default;

void PostureMonitor::start()
{
    for (const QString& f : {m_checkout.envFile(), m_checkout.aptAllowlistFile(), m_checkout.portAllowlistFile()})
        m_watcher->addPath(f);
    m_periodic->start();
    refresh();
}

void PostureMonitor::containerStarted()
{
    m_debounce->start();
}

void PostureMonitor::refresh()
{
    if (m_running) {
        m_again = true;
        return;
    }
    m_running = true;
    m_collector->run([this](const PostureCollector::Outcome& o) {
        m_running = false;
        apply(o.results, o.error);
        if (m_again) {
            m_again = false;
            refresh();
        }
    });
}

void PostureMonitor::apply(const QList<ControlResult>& results, const QString& error)
{
    QHash<QString, ControlStatus> before;
    for (const ControlResult& r : std::as_const(m_results))
        before.insert(r.id, r.status);
    m_error = error;
    m_results = results;
    for (const ControlResult& r : results) {
        if (r.status == ControlStatus::Fail && before.value(r.id, ControlStatus::Unknown) != ControlStatus::Fail)
            Q_EMIT controlFailed(r.id, r.detail);
    }
    Q_EMIT updated();
}
