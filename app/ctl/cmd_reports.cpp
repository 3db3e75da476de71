// `reports [--kind resources|portscan|summary] [--last N] [--follow]` (CLI.md): the newest N
// records in file order (JSON Lines with --json, multi-line records compacted), then follows.
// `reports --alerts`: the alerts the panel's rules (core/reports: Reports, AlertRules) raise for
// those records, then with --follow as the panel raises them (new records, silence, rewrites).
#include "CtlCommand.h"

#include "core/docker/StackMonitor.h"
#include "core/reports/FileFollower.h"
#include "core/reports/ReportSettings.h"
#include "core/reports/Reports.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/Settings.h"
#include "core/text/VisibleText.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <functional>
#include <memory>
#include <vector>

namespace {
volatile std::sig_atomic_t g_stop = 0;
void onSignal(int)
{
    g_stop = 1;
}

void print(CtlContext& c, const ReportRecord& r)
{
    if (!c.json) {
        c.out << recordSummary(r) << '\n';
        return;
    }
    if (r.ok())
        c.out << VisibleText::json(QString::fromUtf8(r.compactJson())) << '\n'; // DEL and C1 as \u escapes
    else
        c.err << "sandbox-ctl: " << QFileInfo(r.file).fileName() << " offset " << r.offset << ": " << r.error << " (skipped)\n";
}

/// One alert: time, level, rule, text (and its detail); \a time when given (a replayed record's).
void printAlert(CtlContext& c, const Alert& a, const QDateTime& time)
{
    const QString when = (time.isValid() ? time : a.time).toUTC().toString(Qt::ISODate);
    if (c.json) {
        QJsonObject o{{QStringLiteral("time"), when},
                      {QStringLiteral("level"), Alert::severityName(a.severity)},
                      {QStringLiteral("rule"), Alert::kindName(a.kind)},
                      {QStringLiteral("text"), a.title},
                      {QStringLiteral("detail"), a.detail}};
        if (a.ref.isValid())
            o.insert(QStringLiteral("record"), QJsonObject{{QStringLiteral("file"), a.ref.file}, {QStringLiteral("offset"), a.ref.offset}});
        c.out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) << '\n';
    } else {
        c.out << when << ' ' << Alert::severityName(a.severity) << ' ' << Alert::kindName(a.kind) << ' ' << a.title << ": " << a.detail << '\n';
    }
    c.out.flush();
}

/// Polls \a followers until SIGINT or SIGTERM, handing each batch to \a onBatch and, after each
/// round, calling \a afterRound (the alerts' silence check); output is flushed every round.
void followUntilInterrupted(CtlContext& c, std::vector<std::unique_ptr<FileFollower>>& followers,
                            const std::function<void(const FileFollower::Batch&)>& onBatch, const std::function<void()>& afterRound = {})
{
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, &timer, [&] {
        if (g_stop) {
            QCoreApplication::quit();
            return;
        }
        for (auto& f : followers)
            onBatch(f->poll());
        if (afterRound)
            afterRound();
        c.out.flush();
        c.err.flush();
    });
    timer.start(std::clamp(c.sandbox().config().reportPollMs / 4, 50, 250));
    QCoreApplication::exec();
}

/// Replays \a records through the panel's rules, then (\a follow) feeds them what \a followers
/// read next, checking silence as the panel does.
int runAlerts(CtlContext& c, const QList<ReportRecord>& records, bool follow, std::vector<std::unique_ptr<FileFollower>>& followers)
{
    Sandbox& sandbox = c.sandbox();
    Reports& reports = sandbox.reports();
    QDateTime replayed; // the time of the record being replayed
    QObject::connect(&reports.alerts(), &AlertCenter::alertRaised, &reports, [&c, &replayed](const Alert& a) { printAlert(c, a, replayed); });
    reports.beginReplay();
    for (const ReportRecord& r : records) {
        replayed = r.timestamp();
        reports.replay({r});
    }
    replayed = {};
    if (!follow)
        return ExitOk;
    // The stack tells whether the monitors run (no "gone silent" while the workspace is down or
    // the engine unreachable), as in the panel (Sandbox wires it to the reports).
    sandbox.followStack();
    followUntilInterrupted(
        c, followers,
        [&reports](const FileFollower::Batch& b) {
            for (const FollowerEvent& e : b.events)
                reports.replayEvent(e);
            reports.replay(b.records);
        },
        [&reports] { reports.checkSilence(); });
    sandbox.stack().stop();
    return ExitOk;
}

void printEvents(CtlContext& c, const QList<FollowerEvent>& events)
{
    for (const FollowerEvent& e : events) {
        if (e.type == FollowerEvent::Type::Opened)
            continue;
        c.err << "sandbox-ctl: " << QFileInfo(e.file).fileName() << ' ' << FollowerEvent::typeName(e.type) << ": " << e.detail
              << (e.isAlert() ? " [ALERT]" : "") << '\n';
    }
}

int run(CtlContext& c)
{
    bool missing = false;
    const QString kindName = c.takeOption(QStringLiteral("--kind"), &missing);
    if (missing)
        return c.usage(QStringLiteral("--kind needs resources, portscan or summary"));
    const QString lastText = c.takeOption(QStringLiteral("--last"), &missing);
    if (missing)
        return c.usage(QStringLiteral("--last needs a number"));
    const bool follow = c.takeFlag(QStringLiteral("--follow")) | c.takeFlag(QStringLiteral("-f"));
    const bool alerts = c.takeFlag(QStringLiteral("--alerts"));
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("reports: unexpected argument '%1'").arg(c.args.first()));
    int last = alerts ? Reports::initialRecords() : 20;
    if (!lastText.isEmpty()) {
        bool ok = false;
        last = lastText.toInt(&ok);
        if (!ok || last < 0)
            return c.usage(QStringLiteral("--last needs a non-negative number, not '%1'").arg(lastText));
    }
    std::vector<ReportKind> kinds{ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary};
    if (!kindName.isEmpty()) {
        ReportKind k;
        if (!reportKindFromName(kindName, &k))
            return c.usage(QStringLiteral("unknown report kind '%1' (resources, portscan, summary)").arg(kindName));
        kinds = {k};
    }
    QString error;
    Settings& env = c.sandbox().settings();
    if (!env.load(&error))
        c.err << "sandbox-ctl: " << error << '\n';
    const ReportSettings settings = ReportSettings::fromSettings(env);

    std::vector<std::unique_ptr<FileFollower>> followers;
    bool unreadable = false;
    QList<ReportRecord> records;
    for (ReportKind k : kinds) {
        followers.push_back(std::make_unique<FileFollower>(settings.filePath(k), k));
        FileFollower::Batch b = followers.back()->open(last);
        for (const FollowerEvent& e : b.events) {
            if (e.type == FollowerEvent::Type::Missing)
                c.err << "sandbox-ctl: no " << e.file << " yet\n";
            else if (e.type == FollowerEvent::Type::ReadError) {
                c.err << "sandbox-ctl: cannot read " << e.file << ": " << e.detail << '\n';
                unreadable = true;
            }
        }
        records += b.records;
    }
    if (kinds.size() > 1 || alerts) { // merge the files by time, keep the newest N
        std::stable_sort(records.begin(), records.end(), [](const ReportRecord& a, const ReportRecord& b) {
            return a.object.value(QLatin1String("timestamp")).toString() < b.object.value(QLatin1String("timestamp")).toString();
        });
        if (records.size() > last)
            records.erase(records.begin(), records.end() - last);
    }
    if (alerts) {
        c.err.flush();
        return unreadable ? ExitFailed : runAlerts(c, records, follow, followers);
    }
    for (const ReportRecord& r : records)
        print(c, r);
    c.out.flush();
    c.err.flush();
    if (unreadable)
        return ExitFailed;
    if (!follow)
        return ExitOk;

    followUntilInterrupted(c, followers, [&c](const FileFollower::Batch& b) {
        printEvents(c, b.events);
        for (const ReportRecord& r : b.records)
            print(c, r);
    });
    return ExitOk;
}

CtlRegistration reg(QStringLiteral("reports"), QStringLiteral("reports [--alerts] [--kind resources|portscan|summary] [--last N] [--follow]"), run);
} // namespace
