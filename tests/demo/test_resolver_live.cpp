// Docker's embedded DNS resolver on the real engine: the demo workspace (on its compose network)
// is scanned by the REAL monitor-ports.sh of each reference checkout that ships one (read from
// ../shared/reference at test time), and the panel's own path (a Sandbox as the panel builds it)
// reads the scans: no alert, no notification, no warning scan. One extra listener started in the
// workspace then raises exactly one alert and one notification. Last, the engine goes away behind
// a relay while the workspace runs: no report counts as gone silent until it is back.
#include "../docker/EngineProxy.h"
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "core/docker/EngineEndpoint.h"
#include "core/docker/StackMonitor.h"
#include "core/reports/Reports.h"
#include "core/sandbox/Notifier.h"
#include "core/sandbox/Sandbox.h"

#include <QFile>
#include <QSignalSpy>
#include <QtTest>

namespace {
/// The checkouts' own scanners (the older checkout ships no monitor scripts).
QStringList realScanners()
{
    QStringList out;
    for (auto source : {DemoSandbox::Source::ReferenceOlder, DemoSandbox::Source::ReferenceLatest}) {
        const QString script = DemoSandbox::referenceDir(source) + QStringLiteral("/scripts/monitor-ports.sh");
        if (QFileInfo::exists(script))
            out << script;
    }
    return out;
}

/// Runs \a script in \a container for two scans one second apart (its `sleep` counted by a shell
/// function: the second ends the script). Returns the exit code with the output in *output.
int scanTwice(const QString& container, const QString& script, QString* output)
{
    QFile f(script);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QString text = QStringLiteral("n=0; sleep() { n=$((n+1)); [ \"$n\" -ge 2 ] && exit 0; command sleep \"$1\"; }\n") + QString::fromUtf8(f.readAll());
    return runProgram(QStringLiteral("docker"),
                      {QStringLiteral("exec"), QStringLiteral("-e"), QStringLiteral("PORTSCAN_INTERVAL=1"), container, QStringLiteral("bash"),
                       QStringLiteral("-c"), text, QStringLiteral("monitor-ports.sh")},
                      output, 60000);
}

QList<Alert> ofKind(const AlertCenter& center, Alert::Kind kind)
{
    QList<Alert> out;
    for (const Alert& a : center.alerts())
        if (a.kind == kind)
            out << a;
    return out;
}

int reportNotes(const QSignalSpy& spy)
{
    int n = 0;
    for (const QList<QVariant>& args : spy)
        n += args.at(0).value<Notification>().kind == Notification::Kind::ReportAlert;
    return n;
}
} // namespace

class TestResolverLive : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resolverIsNoAlarmAnExtraListenerIsOne()
    {
        SANDBOX_REQUIRE_ENGINE();
        SANDBOX_REQUIRE_REFERENCE(DemoSandbox::referenceDir(DemoSandbox::Source::ReferenceLatest));
        const QStringList scanners = realScanners();
        QVERIFY2(!scanners.isEmpty(), "no reference checkout ships scripts/monitor-ports.sh");
        const EngineEndpoint real = EngineEndpoint::fromEnvironment();
        if (real.kind != EngineEndpoint::Kind::Unix)
            SANDBOX_SKIP_UNLESS_CI("the relay needs a Unix-socket engine");

        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("PORTSCAN_ENABLED"), QStringLiteral("false")); // only the real scanners write scans
        EngineProxy proxy(real.socketPath);
        QVERIFY(proxy.comeBack());

        // The panel's Sandbox reaches the engine through the relay (read on its first request).
        const QByteArray realHost = qgetenv("DOCKER_HOST");
        qputenv("DOCKER_HOST", "unix://" + proxy.path().toUtf8());
        Sandbox sandbox{demo.checkout()};
        QSignalSpy notes(&sandbox.notifier(), &Notifier::notification);
        sandbox.start();
        QTRY_VERIFY_WITH_TIMEOUT(sandbox.stack().engineAvailable(), 15000);
        qputenv("DOCKER_HOST", realHost);

        QVERIFY2(demo.up(), qPrintable(demo.error()));
        QTRY_VERIFY_WITH_TIMEOUT(serviceStateIsUp(sandbox.stack().service(QStringLiteral("workspace")).state), 60000);
        Reports& reports = sandbox.reports();
        QVERIFY(reports.isRunning());

        // The real scanners see the resolver on every scan; the panel says ok.
        qsizetype expected = 0;
        for (const QString& script : scanners) {
            QString out;
            QCOMPARE(scanTwice(demo.workspaceContainer(), script, &out), 0);
            expected += 2;
            QTRY_COMPARE_WITH_TIMEOUT(reports.recent(ReportKind::Portscan).size(), expected, 10000);
        }
        for (const ReportRecord& r : reports.recent(ReportKind::Portscan)) {
            const PortScanResult p = PortScanResult::fromJson(r.object);
            QCOMPARE(p.status, QStringLiteral("warning")); // as the script writes it
            QVERIFY2(p.unexpected.size() == 1 && p.unexpected.first().address.startsWith(QLatin1String("127.0.0.11:"))
                         && p.unexpected.first().process.isEmpty(),
                     r.raw.constData());
            QVERIFY2(!p.isWarning(), r.raw.constData());
        }
        QCOMPARE(ofKind(reports.alerts(), Alert::Kind::PortscanWarning).size(), 0);
        QCOMPARE(reports.alerts().unacknowledgedCount(), 0);
        QCOMPARE(reportNotes(notes), 0);

        // One extra listener in the workspace: exactly one alert, one notification.
        QString out;
        QCOMPARE(runProgram(QStringLiteral("docker"),
                            {QStringLiteral("exec"), QStringLiteral("-d"), demo.workspaceContainer(), QStringLiteral("nc"), QStringLiteral("-l"),
                             QStringLiteral("-k"), QStringLiteral("-p"), QStringLiteral("5555")},
                            &out),
                 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            runProgram(QStringLiteral("docker"), {QStringLiteral("exec"), demo.workspaceContainer(), QStringLiteral("ss"), QStringLiteral("-tln")}, &out) == 0
                && out.contains(QLatin1String(":5555")),
            10000);
        QCOMPARE(scanTwice(demo.workspaceContainer(), scanners.last(), &out), 0);
        expected += 2;
        QTRY_COMPARE_WITH_TIMEOUT(reports.recent(ReportKind::Portscan).size(), expected, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ofKind(reports.alerts(), Alert::Kind::PortscanWarning).size(), 1, 5000);
        const Alert a = ofKind(reports.alerts(), Alert::Kind::PortscanWarning).first();
        QVERIFY2(a.title.contains(QLatin1String(":5555")) && a.title.contains(QLatin1String("nc")), qPrintable(a.title));
        QVERIFY2(!a.title.contains(QLatin1String("127.0.0.11")), qPrintable(a.title));
        // Besides it only info entries (the report file appearing is an operator-visible fact).
        QStringList raised;
        int notInfo = 0;
        for (const Alert& x : reports.alerts().alerts()) {
            raised << Alert::severityName(x.severity) + QLatin1Char(' ') + x.title;
            notInfo += x.severity != Alert::Severity::Info;
        }
        QVERIFY2(notInfo == 1, qPrintable(raised.join(QStringLiteral("; "))));
        QTRY_COMPARE_WITH_TIMEOUT(reportNotes(notes), 1, 5000);

        // The engine goes away while the workspace runs: an hour without records is no silence.
        const auto silent = [&] { return ofKind(reports.alerts(), Alert::Kind::ReportSilent).size(); };
        proxy.goAway();
        QTRY_VERIFY_WITH_TIMEOUT(!sandbox.stack().engineAvailable(), 10000);
        QVERIFY(serviceStateIsUp(sandbox.stack().service(QStringLiteral("workspace")).state)); // its last known state
        reports.checkSilence(QDateTime::currentDateTimeUtc().addSecs(3600));
        QCOMPARE(silent(), 0);
        // Back: silence counts from the return.
        QVERIFY(proxy.comeBack());
        QTRY_VERIFY_WITH_TIMEOUT(sandbox.stack().engineAvailable(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(serviceStateIsUp(sandbox.stack().service(QStringLiteral("workspace")).state), 10000);
        reports.checkSilence(QDateTime::currentDateTimeUtc().addSecs(1));
        QCOMPARE(silent(), 0);
        reports.checkSilence(QDateTime::currentDateTimeUtc().addSecs(3600)); // the rule itself still works
        QVERIFY(silent() > 0);
        QVERIFY2(demo.down(), qPrintable(demo.error()));
    }
};

QTEST_GUILESS_MAIN(TestResolverLive)
#include "test_resolver_live.moc"
