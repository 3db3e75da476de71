// `sandbox-ctl stats` on the real engine: `--once` aligns its columns to their content (names of
// different lengths), and while streaming an engine outage is said once on stderr (no empty
// tables), then the tables resume when the engine is back. Two idle containers carry the compose
// labels of a scratch checkout's project; the outage is an EngineProxy going away.
#include "DemoSandbox.h"
#include "EngineProxy.h"
#include "ScratchCheckout.h"
#include "TestEngine.h"

#include "core/checkout/Checkout.h"
#include "core/docker/EngineEndpoint.h"

#include <QCoreApplication>
#include <QTest>

namespace {
/// Where each column of \a header starts: after two or more spaces.
QList<qsizetype> columnStarts(const QString& header)
{
    QList<qsizetype> starts{0};
    for (qsizetype i = 2; i < header.size(); ++i)
        if (header[i] != u' ' && header[i - 1] == u' ' && header[i - 2] == u' ')
            starts << i;
    return starts;
}
} // namespace

class TestCtlStats : public QObject {
    Q_OBJECT
    ScratchCheckout m_checkout;
    QString m_project;
    QStringList m_names;

    void removeContainers()
    {
        for (const QString& n : std::as_const(m_names))
            runProgram(QStringLiteral("docker"), {QStringLiteral("rm"), QStringLiteral("-f"), n});
    }

private Q_SLOTS:
    void initTestCase()
    {
        SANDBOX_REQUIRE_ENGINE();
        QVERIFY2(m_checkout.error().isEmpty(), qPrintable(m_checkout.error()));
        m_project = Checkout(m_checkout.root()).composeProjectName();
        const QString pid = QString::number(QCoreApplication::applicationPid());
        m_names = {QStringLiteral("ctlstats-%1-a").arg(pid), QStringLiteral("ctlstats-%1-a-container-with-a-much-longer-name").arg(pid)};
        removeContainers();
        for (const QString& n : std::as_const(m_names)) {
            QString out;
            // The demo's base image (built locally, never pulled), idle, no network.
            QCOMPARE(runProgram(QStringLiteral("docker"),
                                {QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--name"), n, QStringLiteral("--network"), QStringLiteral("none"),
                                 QStringLiteral("--label"), QStringLiteral("com.docker.compose.project=") + m_project, QStringLiteral("--label"),
                                 QStringLiteral("com.docker.compose.service=") + n.section(u'-', 2), QStringLiteral("--entrypoint"), QStringLiteral("sleep"),
                                 QStringLiteral("sandbox-demo-base:1"), QStringLiteral("infinity")},
                                &out),
                     0);
        }
    }
    void cleanupTestCase() { removeContainers(); }

    void onceAlignsColumnsToTheirContent()
    {
        const CtlRun r = m_checkout.ctl({QStringLiteral("stats"), QStringLiteral("--once")});
        QCOMPARE(r.code, 0);
        const QStringList lines = QString::fromUtf8(r.out).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3); // header + one row per container
        QVERIFY(lines[0].startsWith(QStringLiteral("CONTAINER  ")));
        const QList<qsizetype> starts = columnStarts(lines[0]);
        QCOMPARE(starts.size(), 6);
        for (const QString& row : lines.mid(1)) {
            QVERIFY2(m_names.contains(row.section(u' ', 0, 0)), qPrintable(row));
            for (const qsizetype c : starts.mid(1))
                QVERIFY2(row.size() > c && row[c] != u' ' && row[c - 1] == u' ' && row[c - 2] == u' ',
                         qPrintable(QStringLiteral("column at %1 not aligned:\n%2").arg(c).arg(r.out.constData())));
        }
    }

    void streamingSaysTheOutageOnceAndResumes()
    {
        const EngineEndpoint real = EngineEndpoint::fromEnvironment();
        if (real.kind != EngineEndpoint::Kind::Unix)
            SANDBOX_SKIP_UNLESS_CI("the relay needs a Unix-socket engine");
        EngineProxy proxy(real.socketPath);
        QVERIFY(proxy.comeBack());
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + proxy.path());
        p.setProcessEnvironment(env);
        QString out, err;
        connect(&p, &QProcess::readyReadStandardOutput, this, [&] { out += QString::fromUtf8(p.readAllStandardOutput()); });
        connect(&p, &QProcess::readyReadStandardError, this, [&] { err += QString::fromUtf8(p.readAllStandardError()); });
        p.start(ScratchCheckout::ctlPath(), {QStringLiteral("--sandbox"), m_checkout.root(), QStringLiteral("stats")});
        QTRY_VERIFY_WITH_TIMEOUT(out.contains(m_names.last()), 15000);

        proxy.goAway();
        QTRY_VERIFY_WITH_TIMEOUT(err.contains(QStringLiteral("Docker engine unreachable")), 15000);
        const qsizetype tables = out.count(QStringLiteral("CONTAINER"));
        // The outage lasts a few ticks of one a second: none prints a table (before: empty ones).
        QTest::qWait(3000);
        QCOMPARE(out.count(QStringLiteral("CONTAINER")), tables);
        QVERIFY(!out.contains(QStringLiteral("no running containers")));

        QVERIFY(proxy.comeBack());
        QTRY_VERIFY_WITH_TIMEOUT(err.contains(QStringLiteral("engine is back")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(out.count(QStringLiteral("CONTAINER")) > tables, 15000);
        QCOMPARE(err.count(QStringLiteral("unreachable")), 1); // said once, not once a second
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCtlStats)
#include "test_ctl_stats.moc"
