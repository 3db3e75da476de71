// The unified timeline gets engine, settings and allowlist events: through the Sandbox wiring
// for settings and allowlist approvals (real files in a copy of the reference checkout), and
// through TimelineFeed::fromService for each container transition.
#include "core/allowlist/Allowlists.h"
#include "core/reports/Reports.h"
#include "core/sandbox/Sandbox.h"
#include "core/sandbox/TimelineFeed.h"
#include "core/settings/Settings.h"

#include "SandboxTestPaths.h"
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
void copyFile(const QString& from, const QString& to)
{
    QFile in(from);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QFile out(to);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(in.readAll());
}
ServiceInfo service(ServiceState state, int exitCode = -1)
{
    ServiceInfo s;
    s.service = QStringLiteral("workspace");
    s.container = QStringLiteral("opencode-workspace");
    s.state = state;
    s.exitCode = exitCode;
    return s;
}
} // namespace

class TestTimelineFeed : public QObject {
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QDir root(m_dir->path());
        root.mkpath(QStringLiteral("config"));
        root.mkpath(QStringLiteral("logs"));
        const QString ref = QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/");
        copyFile(ref + QStringLiteral("env.example"), root.filePath(QStringLiteral(".env")));
        for (const char* f : {"docker-compose.yml", "config/apt-package-allowlist.txt", "config/port-allowlist.txt"})
            copyFile(ref + QString::fromLatin1(f), root.filePath(QString::fromLatin1(f)));
    }

    void settingsWriteAddsOneEntryWithoutSecrets()
    {
        Sandbox sandbox{Checkout(m_dir->path())};
        sandbox.start({.watchFiles = false, .followEngine = false}); // loads .env
        TimelineModel& timeline = sandbox.reports().timeline();
        QVERIFY(sandbox.settings().setMode(OperationMode::Conductor).ok());
        QCOMPARE(timeline.entries().size(), 1);
        const TimelineEntry& e = timeline.entries().first();
        QCOMPARE(e.source, QStringLiteral("settings"));
        QCOMPARE(e.detail, QStringLiteral("OPERATION_MODE=conductor"));

        QVERIFY(sandbox.settings().set(QStringLiteral("GITHUB_TOKEN"), QStringLiteral("ghp_timelinesecret123")).ok());
        QCOMPARE(timeline.entries().size(), 2);
        QVERIFY(!timeline.toJsonLines().contains("ghp_timelinesecret123"));
        QVERIFY(timeline.entries().last().detail.contains(QStringLiteral("GITHUB_TOKEN=(secret changed)")));

        // Writing the same value again changes nothing and adds nothing.
        QVERIFY(sandbox.settings().setMode(OperationMode::Conductor).ok());
        QCOMPARE(timeline.entries().size(), 2);
    }

    void outsideEditIsMarked()
    {
        Sandbox sandbox{Checkout(m_dir->path())};
        TimelineModel& timeline = sandbox.reports().timeline();
        sandbox.start({.watchFiles = false, .followEngine = false});
        sandbox.settings().setWatching(true); // only .env: no report followers, no engine
        QFile f(m_dir->filePath(QStringLiteral(".env")));
        QVERIFY(f.open(QIODevice::Append));
        f.write("\nEXTRA_KEY=outside\n");
        f.close();
        QTRY_COMPARE(timeline.entries().size(), 1);
        QCOMPARE(timeline.entries().first().severity, QStringLiteral("warning"));
        QCOMPARE(timeline.entries().first().detail, QStringLiteral("EXTRA_KEY=outside"));
    }

    void allowlistApprovalAddsEntry()
    {
        Sandbox sandbox{Checkout(m_dir->path())};
        sandbox.start({.watchFiles = false, .followEngine = false}); // loads the allowlists
        TimelineModel& timeline = sandbox.reports().timeline();
        Allowlists& lists = sandbox.allowlists();
        const AllowlistReview review = lists.proposeAdd(AllowlistKind::Port, {QStringLiteral("9000")});
        QVERIFY2(review.ok(), qPrintable(review.errors.join(QLatin1Char('\n'))));
        QVERIFY(lists.apply(review, QStringLiteral("bench server")).ok());
        QCOMPARE(timeline.entries().size(), 1);
        const TimelineEntry& e = timeline.entries().first();
        QCOMPARE(e.source, QStringLiteral("allowlist"));
        QVERIFY2(e.title.contains(QStringLiteral("+9000")), qPrintable(e.title));
        QCOMPARE(e.detail, QStringLiteral("bench server"));
        QCOMPARE(e.data.value(QStringLiteral("file")).toString(), QStringLiteral("config/port-allowlist.txt"));
    }

    void serviceTransitions_data()
    {
        QTest::addColumn<int>("before");
        QTest::addColumn<int>("now");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<bool>("oom");
        QTest::addColumn<QString>("severity"); // empty: no entry
        QTest::addColumn<QString>("title");
        using S = ServiceState;
        QTest::newRow("killed") << int(S::Healthy) << int(S::Exited) << 137 << false << "critical"
                                << "workspace exited with code 137";
        QTest::newRow("clean exit") << int(S::Running) << int(S::Exited) << 0 << false << "info"
                                    << "workspace exited with code 0";
        QTest::newRow("oom") << int(S::Running) << int(S::Exited) << 137 << true << "critical"
                             << "workspace was killed: out of memory";
        QTest::newRow("unhealthy") << int(S::Healthy) << int(S::Unhealthy) << -1 << false << "warning"
                                   << "workspace turned unhealthy";
        QTest::newRow("healthy") << int(S::Starting) << int(S::Healthy) << -1 << false << "info"
                                 << "workspace is healthy";
        QTest::newRow("started") << int(S::Exited) << int(S::Starting) << -1 << false << "info"
                                 << "workspace started";
        QTest::newRow("health to running") << int(S::Healthy) << int(S::Running) << -1 << false << ""
                                           << "";
        QTest::newRow("created") << int(S::Absent) << int(S::Created) << -1 << false << ""
                                 << "";
        QTest::newRow("removed") << int(S::Exited) << int(S::Absent) << -1 << false << "info"
                                 << "workspace was removed";
        QTest::newRow("same") << int(S::Healthy) << int(S::Healthy) << -1 << false << ""
                              << "";
    }

    void serviceTransitions()
    {
        QFETCH(int, before);
        QFETCH(int, now);
        QFETCH(int, exitCode);
        QFETCH(bool, oom);
        QFETCH(QString, severity);
        QFETCH(QString, title);
        ServiceInfo s = service(ServiceState(now), exitCode);
        s.oomKilled = oom;
        const qint64 nanos = 1'700'000'000'123'000'000LL;
        const auto entry = TimelineFeed::fromService(s, ServiceState(before), nanos);
        QCOMPARE(entry.has_value(), !severity.isEmpty());
        if (!entry)
            return;
        QCOMPARE(entry->severity, severity);
        QCOMPARE(entry->title, title);
        QCOMPARE(entry->source, QStringLiteral("engine"));
        QCOMPARE(entry->time.toMSecsSinceEpoch(), nanos / 1000000);
    }
};

QTEST_GUILESS_MAIN(TestTimelineFeed)
#include "test_timeline_feed.moc"
