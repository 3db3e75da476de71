// `status`, `stats [--once]`, `events` (CLI.md): live state and metrics from the Engine API.
#include "CtlCommand.h"
#include "LifecycleCli.h"
#include "RunningSummary.h"
#include "TextTable.h"

#include "core/compose/ModelServer.h"
#include "core/docker/EngineClient.h"
#include "core/docker/MetricsStore.h"
#include "core/docker/StackMonitor.h"
#include "core/docker/StatsStream.h"
#include "core/logging/Redaction.h"
#include "core/sandbox/Notifier.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/PinRecord.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <utility>

namespace {
std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int)
{
    g_interrupted = true;
}

/// Runs the event loop until SIGINT/SIGTERM (or \a loop quits).
void runUntilInterrupted(QEventLoop& loop)
{
    g_interrupted = false;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&loop] {
        if (g_interrupted)
            loop.quit();
    });
    poll.start(100);
    loop.exec();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

/// One full refresh of \a monitor (blocking). False when the engine is unreachable.
bool refreshNow(StackMonitor& monitor)
{
    QEventLoop loop;
    QObject::connect(&monitor, &StackMonitor::refreshed, &loop, &QEventLoop::quit);
    monitor.refresh();
    loop.exec();
    return monitor.engineAvailable();
}

int unreachable(CtlContext& c, const StackMonitor& monitor)
{
    c.err << "sandbox-ctl: Docker engine unreachable: " << monitor.engineError() << Qt::endl;
    return ExitEngineUnreachable;
}

QString stateText(const ServiceInfo& s)
{
    QString t = serviceStateName(s.state);
    if ((s.state == ServiceState::Exited || s.state == ServiceState::Dead) && s.exitCode >= 0)
        t += QStringLiteral(" (%1)").arg(s.exitCode);
    if (s.paused)
        t += QStringLiteral(" (paused)");
    return t;
}

QString portsText(const ServiceInfo& s)
{
    QStringList parts;
    for (const PublishedPort& p : s.ports) {
        const QString ip = p.hostIp.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(p.hostIp) : p.hostIp;
        parts << QStringLiteral("%1:%2->%3/%4%5")
                     .arg(ip)
                     .arg(p.hostPort)
                     .arg(p.containerPort)
                     .arg(p.protocol, p.isLoopback() ? QString() : QStringLiteral(" (NOT loopback)"));
    }
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral(", "));
}

QString pad(const QString& s, int width)
{
    return s.leftJustified(width, QLatin1Char(' '), false) + QLatin1Char(' ');
}

/// One full refresh of \a monitor and the model-server check, side by side (blocking, at most a
/// few seconds). False when the engine is unreachable.
bool refreshWithModelServer(CtlContext& c, StackMonitor& monitor, ModelServerStatus* model)
{
    QObject context;
    QNetworkAccessManager nam;
    QEventLoop loop;
    int pending = 2;
    auto one = [&] {
        if (--pending == 0)
            loop.quit();
    };
    QObject::connect(&monitor, &StackMonitor::refreshed, &context, one);
    monitor.refresh();
    ModelServer::check(&context, &nam, &c.sandbox().engine(), EnvValues::load(c.checkout.envFile()), c.checkout.root(), c.checkout.composeProjectName(), 3000,
                       [&](const ModelServerStatus& s) {
                           *model = s;
                           one();
                       });
    if (pending > 0)
        loop.exec();
    return monitor.engineAvailable();
}

int status(CtlContext& c)
{
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("status takes no arguments"));
    StackMonitor& monitor = c.sandbox().stack();
    ModelServerStatus model;
    const bool reachable = refreshWithModelServer(c, monitor, &model);
    const QList<ServiceInfo> services = monitor.services();
    const QStringList pins = PinRecord::attention(c.checkout);
    // What runs (the engine's view) and the .env edits a restart would apply.
    const bool workspaceUp = reachable && std::any_of(services.begin(), services.end(), [](const ServiceInfo& s) {
                                 return s.service == QLatin1String("workspace")
                                        && (s.state == ServiceState::Running || s.state == ServiceState::Healthy || s.state == ServiceState::Starting
                                            || s.state == ServiceState::Unhealthy);
                             });
    if (c.json) {
        QJsonArray list;
        for (const ServiceInfo& s : services) {
            QJsonArray ports;
            for (const PublishedPort& p : s.ports)
                ports.append(QJsonObject{
                    {QStringLiteral("host_ip"), p.hostIp}, {QStringLiteral("host_port"), p.hostPort}, {QStringLiteral("container_port"), p.containerPort}});
            list.append(QJsonObject{{QStringLiteral("service"), s.service},
                                    {QStringLiteral("container"), s.container},
                                    {QStringLiteral("state"), serviceStateName(s.state)},
                                    {QStringLiteral("health"), s.health},
                                    {QStringLiteral("ports"), ports}});
        }
        const QJsonObject doc{
            {QStringLiteral("state"), monitor.stateName()},
            {QStringLiteral("attention"), QJsonArray::fromStringList(pins)},
            {QStringLiteral("engine"), QJsonObject{{QStringLiteral("reachable"), reachable}, {QStringLiteral("version"), monitor.engineVersion()}}},
            {QStringLiteral("services"), reachable ? list : QJsonArray()},
            {QStringLiteral("model_server"), QJsonObject{{QStringLiteral("source"), model.source},
                                                         {QStringLiteral("where"), model.where},
                                                         {QStringLiteral("model"), model.model},
                                                         {QStringLiteral("answers"), model.answered},
                                                         {QStringLiteral("lists_model"), model.listsModel}}}};
        QJsonObject out = doc;
        if (workspaceUp)
            out.insert(QStringLiteral("running"), RunningSummary::json(c));
        c.out << QJsonDocument(out).toJson(QJsonDocument::Compact) << Qt::endl;
    } else {
        c.out << "state: " << monitor.stateName() << '\n'
              << "engine: " << (reachable ? monitor.engineVersion() : QStringLiteral("unreachable")) << '\n'
              << Redaction::redact(model.summary()) << '\n';
        for (const QString& line : pins)
            c.out << line << '\n';
        if (workspaceUp)
            for (const QString& line : RunningSummary::lines(c))
                c.out << line << '\n';
        if (reachable && !services.isEmpty()) {
            c.out << pad(QStringLiteral("SERVICE"), 12) << pad(QStringLiteral("CONTAINER"), 28) << pad(QStringLiteral("STATE"), 16)
                  << pad(QStringLiteral("HEALTH"), 10) << "PORTS\n";
            for (const ServiceInfo& s : services)
                c.out << pad(s.service, 12) << pad(s.container, 28) << pad(stateText(s), 16) << pad(s.health, 10) << portsText(s) << '\n';
        } else if (reachable) {
            c.out << "no containers for compose project " << c.checkout.composeProjectName() << '\n';
        }
        c.out.flush();
    }
    return reachable ? ExitOk : unreachable(c, monitor);
}

QJsonObject sampleJson(const QString& name, const QString& service, const StatsSample& s)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("service"), service},
            {QStringLiteral("cpu_percent"), s.cpuPercent},
            {QStringLiteral("mem_bytes"), s.memBytes},
            {QStringLiteral("mem_limit_bytes"), s.memLimitBytes},
            {QStringLiteral("net_rx_bps"), s.netRxBps},
            {QStringLiteral("net_tx_bps"), s.netTxBps},
            {QStringLiteral("blk_read_bps"), s.blkReadBps},
            {QStringLiteral("blk_write_bps"), s.blkWriteBps},
            {QStringLiteral("pids"), s.pids}};
}

QString bytesText(double b)
{
    if (b >= 1024.0 * 1024 * 1024)
        return QString::number(b / (1024.0 * 1024 * 1024), 'f', 2) + QStringLiteral(" GiB");
    if (b >= 1024.0 * 1024)
        return QString::number(b / (1024.0 * 1024), 'f', 1) + QStringLiteral(" MiB");
    if (b >= 1024.0)
        return QString::number(b / 1024.0, 'f', 1) + QStringLiteral(" KiB");
    return QString::number(b, 'f', 0) + QStringLiteral(" B");
}

/// The stats of \a names: one JSON document, or a table whose columns are as wide as their
/// content; with no container, a line that says so (never an empty table).
void printStats(CtlContext& c, const MetricsStore& store, const QStringList& names)
{
    if (c.json) {
        QJsonArray list;
        for (const QString& n : names)
            list.append(sampleJson(n, store.serviceOf(n), store.latest(n)));
        c.out << QJsonDocument(QJsonObject{{QStringLiteral("containers"), list}}).toJson(QJsonDocument::Compact) << Qt::endl;
        return;
    }
    if (names.isEmpty()) {
        c.out << "no running containers for compose project " << c.checkout.composeProjectName() << Qt::endl;
        return;
    }
    QList<QStringList> rows;
    for (const QString& n : names) {
        const StatsSample s = store.latest(n);
        rows.append(
            {n, QString::number(s.cpuPercent, 'f', 2),
             QStringLiteral("%1 / %2 (%3%)").arg(bytesText(double(s.memBytes)), bytesText(double(s.memLimitBytes)), QString::number(s.memPercent(), 'f', 1)),
             bytesText(s.netRxBps) + QStringLiteral(" / ") + bytesText(s.netTxBps), bytesText(s.blkReadBps) + QStringLiteral(" / ") + bytesText(s.blkWriteBps),
             s.pidsLimit > 0 ? QStringLiteral("%1 / %2").arg(s.pids).arg(s.pidsLimit) : QString::number(s.pids)});
    }
    c.out << TextTable::format({QStringLiteral("CONTAINER"), QStringLiteral("CPU % (100=1 core)"), QStringLiteral("MEM / LIMIT"),
                                QStringLiteral("NET RX/TX per s"), QStringLiteral("BLOCK R/W per s"), QStringLiteral("PIDS")},
                               rows)
          << Qt::endl;
}

int stats(CtlContext& c)
{
    const bool once = c.takeFlag(QStringLiteral("--once"));
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("stats takes only --once"));
    Sandbox& sandbox = c.sandbox();
    StackMonitor& monitor = sandbox.stack();
    if (!refreshNow(monitor))
        return unreachable(c, monitor);
    const MetricsStore& store = sandbox.metrics(); // fed by the stats streams
    StatsStream& streams = sandbox.statsStream();
    QEventLoop loop;
    if (once) {
        const int expected = int(monitor.runningContainerIds().size());
        // Rates need two samples: wait for each container's second one (about 1 s), at most 5 s.
        auto complete = [&] {
            int ready = 0;
            for (const QString& n : store.containers())
                ready += store.latest(n).ratesValid ? 1 : 0;
            return ready >= expected;
        };
        QObject::connect(&store, &MetricsStore::sampleAdded, &loop, [&] {
            if (complete())
                loop.quit();
        });
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        streams.start();
        if (expected > 0 && !complete())
            loop.exec();
        // Samples missing: the engine may have gone away meanwhile; that is the answer, not a table.
        if (!complete() && !refreshNow(monitor))
            return unreachable(c, monitor);
        printStats(c, store, store.containers());
        return ExitOk;
    }
    // Streaming: an outage is said once (stderr) and no table is printed until the engine is back.
    QObject::connect(&monitor, &StackMonitor::engineAvailableChanged, &loop, [&c, &monitor](bool available) {
        if (available)
            c.err << "sandbox-ctl: engine is back" << Qt::endl;
        else
            c.err << "sandbox-ctl: Docker engine unreachable: " << monitor.engineError() << "; waiting for it to return" << Qt::endl;
    });
    monitor.start();
    streams.start();
    QTimer tick;
    bool saidNone = false;
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (!monitor.engineAvailable())
            return;
        const QStringList running = monitor.runningContainerIds();
        QStringList names;
        for (const ServiceInfo& s : monitor.services()) {
            if (running.contains(s.id) && store.size(s.container) > 0)
                names << s.container;
        }
        // "No running containers" once until some run again; JSON Lines always (one a second).
        if (names.isEmpty() && !c.json && std::exchange(saidNone, true))
            return;
        saidNone = names.isEmpty();
        printStats(c, store, names);
    });
    tick.start(1000);
    runUntilInterrupted(loop);
    return ExitOk;
}

int events(CtlContext& c)
{
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("events takes no arguments"));
    Sandbox& sandbox = c.sandbox();
    StackMonitor& monitor = sandbox.stack();
    if (!refreshNow(monitor))
        return unreachable(c, monitor);
    // The sandbox's notifier follows the stack ahead of the line below: a notification is held
    // until the line of the change that caused it is out (or, without one, the next loop turn).
    QList<Notification> held;
    auto printHeld = [&c, &held] {
        for (const Notification& n : std::exchange(held, {}))
            LifecycleCli::printNotification(c, n);
    };
    QObject::connect(&sandbox.notifier(), &Notifier::notification, &monitor, [&held, &monitor, printHeld](const Notification& n) {
        held.append(n);
        QTimer::singleShot(0, &monitor, printHeld);
    });
    QObject::connect(&monitor, &StackMonitor::serviceChanged, &monitor, [&c, printHeld](const ServiceInfo& now, ServiceState before, qint64 nanos) {
        const QDateTime when = nanos > 0 ? QDateTime::fromMSecsSinceEpoch(nanos / 1000000, Qt::UTC) : QDateTime::currentDateTimeUtc();
        const QString time = when.toString(Qt::ISODateWithMs);
        const bool exited = now.state == ServiceState::Exited || now.state == ServiceState::Dead;
        if (c.json) {
            QJsonObject o{{QStringLiteral("time"), time},
                          {QStringLiteral("service"), now.service},
                          {QStringLiteral("container"), now.container},
                          {QStringLiteral("state"), serviceStateName(now.state)},
                          {QStringLiteral("previous"), serviceStateName(before)},
                          {QStringLiteral("health"), now.health}};
            if (now.exitCode >= 0)
                o.insert(QStringLiteral("exit_code"), now.exitCode);
            if (exited)
                o.insert(QStringLiteral("expected"), now.exitExpected(before));
            c.out << QJsonDocument(o).toJson(QJsonDocument::Compact) << Qt::endl;
        } else {
            c.out << time << ' ' << now.service << ' ' << now.container << ' ' << serviceStateName(before) << " -> " << stateText(now);
            if (exited)
                c.out << " expected: " << (now.exitExpected(before) ? "true" : "false");
            c.out << Qt::endl;
        }
        printHeld();
    });
    QObject::connect(&monitor, &StackMonitor::engineAvailableChanged, &monitor, [&c, &monitor](bool available) {
        if (available)
            c.err << "sandbox-ctl: engine is back" << Qt::endl;
        else
            c.err << "sandbox-ctl: engine unavailable (" << monitor.engineError() << "); reconnecting" << Qt::endl;
    });
    QObject::connect(&monitor, &StackMonitor::refreshed, &monitor, [&c, &monitor] {
        if (monitor.engineAvailable())
            c.err << "sandbox-ctl: watching compose project " << monitor.project() << Qt::endl;
    });
    monitor.start();
    QEventLoop loop;
    runUntilInterrupted(loop);
    return ExitOk;
}

CtlRegistration regStatus(QStringLiteral("status"), QStringLiteral("status"), status);
CtlRegistration regStats(QStringLiteral("stats"), QStringLiteral("stats [--once]"), stats);
CtlRegistration regEvents(QStringLiteral("events"), QStringLiteral("events"), events);
} // namespace
