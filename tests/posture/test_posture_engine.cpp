// `sandbox-ctl audit` against the real engine: the demo stack started by `sandbox-ctl up`
// passes every control; compose variants of the demo that each break one control fail exactly
// that control; no container / a stopped one / no engine give the documented exit codes.
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "core/docker/EngineClient.h"
#include "core/docker/StackMonitor.h"
#include "core/posture/PostureMonitor.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

#include "SandboxTestPaths.h"
#include <memory>

namespace {
struct Audit {
    int exitCode = -1;
    QString output; ///< stdout and stderr, merged
    QJsonObject json;
};

Audit runAudit(const DemoSandbox& demo, bool json)
{
    Audit a;
    QStringList args{QStringLiteral("--sandbox"), demo.root()};
    if (json)
        args << QStringLiteral("--json");
    args << QStringLiteral("audit");
    a.exitCode = runProgram(QStringLiteral(SANDBOX_CTL_PATH), args, &a.output, 60000);
    if (json) {
        for (const QString& line : a.output.split(QLatin1Char('\n')))
            if (line.startsWith(QLatin1Char('{')))
                a.json = QJsonDocument::fromJson(line.toUtf8()).object();
    }
    return a;
}

QStringList idsWithStatus(const QJsonObject& audit, const QString& status)
{
    QStringList out;
    for (const QJsonValue& c : audit.value(QLatin1String("controls")).toArray())
        if (c.toObject().value(QLatin1String("status")).toString() == status)
            out << c.toObject().value(QLatin1String("id")).toString();
    return out;
}

QStringList linesStartingWith(const QString& text, const QString& word)
{
    QStringList out;
    for (const QString& l : text.split(QLatin1Char('\n')))
        if (l.startsWith(word + QLatin1Char(' ')))
            out << l;
    return out;
}

bool readText(const QString& path, QString* text)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    *text = QString::fromUtf8(f.readAll());
    return true;
}

bool writeText(const QString& path, const QString& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text.toUtf8()) == text.toUtf8().size();
}
} // namespace

class TestPostureEngine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        SANDBOX_REQUIRE_ENGINE();
        // One sandbox for the variants: each rewrites its compose file and `up` recreates the
        // workspace (networks stay), which keeps the compose runs (seconds each) to one per variant.
        m_variants = std::make_unique<DemoSandbox>();
        QVERIFY2(m_variants->isValid(), qPrintable(m_variants->error()));
        QVERIFY(readText(m_variants->root() + QStringLiteral("/docker-compose.yml"), &m_compose));
        // Build the demo workspace image once; the variants then only create containers.
        QString out;
        QVERIFY2(m_variants->compose({QStringLiteral("build"), QStringLiteral("workspace")}, &out, 300000) == 0, qPrintable(out));
    }

    void cleanupTestCase() { m_variants.reset(); } // brings the variants' stack down

    void engineUnreachableExits3()
    {
        const DemoSandbox& demo = *m_variants;
        const QByteArray saved = qgetenv("DOCKER_HOST");
        qputenv("DOCKER_HOST", "unix:///nonexistent/engine.sock");
        const Audit a = runAudit(demo, false);
        qputenv("DOCKER_HOST", saved);
        QCOMPARE(a.exitCode, 3);
        QVERIFY2(a.output.contains(QLatin1String("Docker engine unreachable")), qPrintable(a.output));
        QVERIFY(linesStartingWith(a.output, QStringLiteral("PASS")).isEmpty());
    }

    void noContainerIsUnknownAndExit1()
    {
        const DemoSandbox& demo = *m_variants;
        const Audit text = runAudit(demo, false);
        QCOMPARE(text.exitCode, 1);
        QCOMPARE(linesStartingWith(text.output, QStringLiteral("UNKNOWN")).size(), 18);
        QVERIFY2(text.output.contains(QLatin1String("no workspace container in compose project ") + demo.projectName()), qPrintable(text.output));
        const Audit json = runAudit(demo, true);
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(json.json.value(QLatin1String("passed")), QJsonValue(false));
        QCOMPARE(idsWithStatus(json.json, QStringLiteral("unknown")).size(), 18);
    }

    void demoStackPassesEveryControl()
    {
        // NETWORK_EGRESS=restricted as shipped: `sandbox-ctl up` moves the workspace to the
        // internal network through the Engine API, so egress is really checked (Internal=true).
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        QString out;
        QVERIFY2(runProgram(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("up")}, &out, 240000) == 0,
                 qPrintable(out));
        const Audit json = runAudit(demo, true);
        QVERIFY2(json.exitCode == 0, qPrintable(json.output));
        QCOMPARE(json.json.value(QLatin1String("passed")), QJsonValue(true));
        QCOMPARE(json.json.value(QLatin1String("controls")).toArray().size(), 18);
        QVERIFY2(idsWithStatus(json.json, QStringLiteral("pass")).size() == 18, qPrintable(json.output));
        const Audit text = runAudit(demo, false);
        QCOMPARE(text.exitCode, 0);
        QCOMPARE(linesStartingWith(text.output, QStringLiteral("PASS")).size(), 18);
        QVERIFY(text.output.contains(QLatin1String("18/18 controls pass")));
        qInfo().noquote() << "audit of the running demo:\n" << text.output;

        // A .env edit not yet applied shows as drift (warn), the rest still passes.
        demo.setEnv(QStringLiteral("OPERATION_MODE"), QStringLiteral("conductor"));
        const Audit drift = runAudit(demo, true);
        QCOMPARE(drift.exitCode, 0);
        QCOMPARE(idsWithStatus(drift.json, QStringLiteral("warn")), QStringList{QStringLiteral("env_drift")});

        // A stopped workspace is not audited: every control unknown, exit 1.
        QVERIFY(demo.compose({QStringLiteral("stop"), QStringLiteral("-t"), QStringLiteral("1"), QStringLiteral("workspace")}) == 0);
        const Audit stopped = runAudit(demo, false);
        QCOMPARE(stopped.exitCode, 1);
        QVERIFY2(stopped.output.contains(QLatin1String("is not running (exited)")), qPrintable(stopped.output));
        QCOMPARE(linesStartingWith(stopped.output, QStringLiteral("UNKNOWN")).size(), 18);
    }

    void eachVariantFailsExactlyItsControl_data()
    {
        QTest::addColumn<QString>("control");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("writable root") << "read_only_root"
                                       << "    read_only: true\n"
                                       << "    read_only: false\n";
        QTest::newRow("extra capability") << "capabilities"
                                          << "      - SETUID\n"
                                          << "      - SETUID\n      - NET_RAW\n";
        QTest::newRow("privileged") << "not_privileged"
                                    << "    read_only: true\n"
                                    << "    read_only: true\n    privileged: true\n";
        QTest::newRow("port on 0.0.0.0") << "ports_loopback"
                                         << "\"127.0.0.1:${APP_PORT:-7860}:"
                                         << "\"0.0.0.0:${APP_PORT:-7860}:";
        QTest::newRow("no pids limit") << "pids_limit"
                                       << "    pids_limit: 512\n    mem_limit"
                                       << "    mem_limit";
        QTest::newRow("no log options") << "log_rotation"
                                        << "      driver: \"json-file\"\n      options:\n        max-size: \"${LOG_MAX_SIZE:-10m}\"\n        max-file: "
                                           "\"${LOG_MAX_FILE:-3}\"\n\n  llm-backend:"
                                        << "      driver: \"json-file\"\n\n  llm-backend:";
        QTest::newRow("root user") << "non_root_user"
                                   << "user: \"${HOST_UID}:${HOST_GID}\""
                                   << "user: \"0:0\"";
        QTest::newRow("engine socket mounted") << "no_engine_socket"
                                               << "      - ${TEMP_PATH}:/home/agent/temp\n"
                                               << "      - ${TEMP_PATH}:/home/agent/temp\n      - @SOCKET@:/var/run/docker.sock\n";
        QTest::newRow("open network, egress restricted") << "egress" << QString() << QString();
    }
    void eachVariantFailsExactlyItsControl()
    {
        QFETCH(QString, control);
        QFETCH(QString, from);
        QFETCH(QString, to);
        DemoSandbox& demo = *m_variants;
        QString compose = m_compose;
        if (from.isEmpty()) {
            // The reference checkout's drift: NETWORK_EGRESS=restricted, but plain compose attaches
            // the workspace to the non-internal agent_network.
            demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("restricted"));
        } else {
            // Plain compose attaches the workspace to agent_network; with full egress (SECURITY.md's
            // default) that is correct, so only the broken control can fail.
            demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
            const QString socket = TestEngine::dockerHost().mid(QStringLiteral("unix://").size());
            QVERIFY2(compose.count(from) == 1, "the demo compose file changed: update the variant");
            compose.replace(from, QString(to).replace(QStringLiteral("@SOCKET@"), socket));
        }
        QVERIFY(writeText(demo.root() + QStringLiteral("/docker-compose.yml"), compose));
        QString out;
        // Only the workspace, recreated from the variant, without waiting for health: the audit
        // reads configuration.
        QVERIFY2(demo.compose({QStringLiteral("up"), QStringLiteral("-d"), QStringLiteral("--no-deps"), QStringLiteral("--force-recreate"),
                               QStringLiteral("-t"), QStringLiteral("1"), QStringLiteral("workspace")},
                              &out)
                     == 0,
                 qPrintable(out));
        const Audit a = runAudit(demo, true);
        QVERIFY2(a.exitCode == 1, qPrintable(a.output));
        QCOMPARE(a.json.value(QLatin1String("passed")), QJsonValue(false));
        QVERIFY2(idsWithStatus(a.json, QStringLiteral("fail")) == QStringList{control}, qPrintable(a.output));
        const Audit text = runAudit(demo, false);
        QCOMPARE(text.exitCode, 1);
        const QStringList failLines = linesStartingWith(text.output, QStringLiteral("FAIL"));
        QCOMPARE(failLines.size(), 1);
        QVERIFY(failLines.first().contains(control));
        qInfo().noquote() << "variant" << QTest::currentDataTag() << "->" << failLines.first();
        if (control == QLatin1String("egress"))
            qInfo().noquote() << "audit of the egress variant:\n" << text.output;
    }

    void liveMonitorAnnouncesANewFailureFromEngineEvents()
    {
        DemoSandbox& demo = *m_variants;
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        QVERIFY(writeText(demo.root() + QStringLiteral("/docker-compose.yml"), m_compose));
        QString out;
        const QStringList up{QStringLiteral("up"), QStringLiteral("-d"), QStringLiteral("--no-deps"), QStringLiteral("--force-recreate"),
                             QStringLiteral("-t"), QStringLiteral("1"),  QStringLiteral("workspace")};
        QVERIFY2(demo.compose(up, &out) == 0, qPrintable(out));

        EngineClient engine;
        StackMonitor stack(engine, demo.projectName());
        PostureMonitor monitor(demo.checkout(), engine);
        monitor.followStack(stack);
        QSignalSpy failed(&monitor, &PostureMonitor::controlFailed);
        stack.start();
        monitor.start();
        // Full egress runs: a loosened posture is a warning (egress), never a pass.
        QTRY_VERIFY2_WITH_TIMEOUT(monitor.total() == 18 && monitor.passedCount() == 17 && monitor.warnedCount() == 1, qPrintable(monitor.lastError()), 30000);
        QCOMPARE(monitor.running().egress, std::optional<Egress>(Egress::Full));
        QCOMPARE(failed.count(), 0);

        // Editing the compose file re-audits (file watch) but changes nothing yet: the old
        // container still runs.
        QSignalSpy updated(&monitor, &PostureMonitor::updated);
        QString privileged = m_compose;
        privileged.replace(QStringLiteral("    read_only: true\n"), QStringLiteral("    read_only: true\n    privileged: true\n"));
        QVERIFY(writeText(demo.root() + QStringLiteral("/docker-compose.yml"), privileged));
        QVERIFY(updated.wait(10000));
        QCOMPARE(failed.count(), 0);

        // Recreating the container: the engine's events (not the 60 s timer) trigger the audit.
        QVERIFY2(demo.compose(up, &out) == 0, qPrintable(out));
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() >= 1, 30000);
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("not_privileged"));
        QVERIFY(failed.at(0).at(1).toString().contains(QLatin1String("privileged: true")));
        stack.stop();
    }

private:
    std::unique_ptr<DemoSandbox> m_variants;
    QString m_compose; ///< the demo's compose file as shipped
};

QTEST_GUILESS_MAIN(TestPostureEngine)
#include "test_posture_engine.moc"
