#include "PostureMonitor.h"

#include "core/allowlist/Allowlists.h"
#include "core/docker/EventStream.h"
#include "core/docker/StackMonitor.h"
#include "core/posture/PostureCollector.h"
#include "core/settings/Settings.h"

#include <QTimer>

#include <spdlog/spdlog.h>

#include <algorithm>

PostureMonitor::PostureMonitor(const Checkout& checkout, EngineClient& engine, QObject* parent)
    : QObject(parent)
    , m_collector(new PostureCollector(checkout, engine, this))
    , m_periodic(new QTimer(this))
    , m_debounce(new QTimer(this))
    , m_networks(new EventStream(engine, checkout.composeProjectName(), 500, 10000, this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(500);
    connect(m_debounce, &QTimer::timeout, this, [this] {
        if (m_periodic->isActive()) // started: stack and file changes re-audit
            refresh();
    });
    m_periodic->setInterval(60000);
    connect(m_periodic, &QTimer::timeout, this, &PostureMonitor::refresh);
    // A network connect or disconnect (by anyone) may change the workspace's egress: audit again now.
    m_networks->setNetworkEvents(true);
    connect(m_networks, &EventStream::eventReceived, this, &PostureMonitor::containerStarted);
}

PostureMonitor::~PostureMonitor() = default;

void PostureMonitor::start()
{
    m_periodic->start();
    m_networks->start();
    refresh();
}

void PostureMonitor::followStack(StackMonitor& stack)
{
    connect(&stack, &StackMonitor::serviceChanged, this, [this](const ServiceInfo& now, ServiceState before, qint64) {
        if (now.service == QLatin1String("workspace") && now.state != before)
            containerStarted();
    });
    connect(&stack, &StackMonitor::engineAvailableChanged, this, [this](bool available) {
        if (available)
            containerStarted();
    });
}

void PostureMonitor::followFiles(Settings& settings, Allowlists& allowlists)
{
    connect(&settings, &Settings::changed, m_debounce, qOverload<>(&QTimer::start));
    connect(&allowlists, &Allowlists::changed, m_debounce, qOverload<>(&QTimer::start));
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
        apply(o.results, o.error, o.running);
        if (m_again) {
            m_again = false;
            refresh();
        }
    });
}

int PostureMonitor::warnedCount() const
{
    return int(std::count_if(m_results.begin(), m_results.end(), [](const ControlResult& r) { return r.status == ControlStatus::Warn; }));
}

void PostureMonitor::apply(const QList<ControlResult>& results, const QString& error, const RunningPosture& running)
{
    m_runningPosture = results.isEmpty() ? RunningPosture{} : running;
    m_error = results.isEmpty() && error.isEmpty() ? tr("the audit produced no results") : error;
    if (!results.isEmpty())
        m_error.clear();
    m_results = results;
    m_lastRun = QDateTime::currentDateTimeUtc();
    QList<ControlResult> newlyFailed;
    for (const ControlResult& r : results) {
        const ControlStatus before = m_seen.value(r.id, ControlStatus::Unknown);
        if (r.status == ControlStatus::Fail && before != ControlStatus::Fail)
            newlyFailed << r;
        if (r.status != before && (r.status == ControlStatus::Warn || r.status == ControlStatus::Fail)) // a warning, never info
            spdlog::warn("posture: {} {}: {}", r.id.toStdString(), PostureAudit::statusName(r.status).toStdString(), r.detail.toStdString());
        m_seen.insert(r.id, r.status);
    }
    Q_EMIT updated();
    for (const ControlResult& r : std::as_const(newlyFailed))
        Q_EMIT controlFailed(r.id, r.detail);
}
