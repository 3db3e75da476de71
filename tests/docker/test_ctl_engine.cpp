// The engine commands of sandbox-ctl (status, stats, events) when the engine cannot be reached:
// exit 3 (CLI.md), a plain message on stderr, and for `status --json` the documented shape with
// state engine_unavailable. Runs the real binary against a socket path where nothing listens.
#include "SandboxTestPaths.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run ctl(const QString& dockerHost, const QStringList& args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DOCKER_HOST"), dockerHost);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SANDBOX_CTL_PATH), QStringList{QStringLiteral("--sandbox"), QStringLiteral(SANDBOX_FIXTURE_CHECKOUT)} + args);
    Run r;
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}
} // namespace

class TestCtlEngine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unreachableEngineExits3_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("status") << QStringList{QStringLiteral("status")};
        QTest::newRow("status --json") << QStringList{QStringLiteral("--json"), QStringLiteral("status")};
        QTest::newRow("stats --once") << QStringList{QStringLiteral("stats"), QStringLiteral("--once")};
        QTest::newRow("stats --json --once") << QStringList{QStringLiteral("--json"), QStringLiteral("stats"), QStringLiteral("--once")};
        QTest::newRow("stats") << QStringList{QStringLiteral("stats")};
        QTest::newRow("events") << QStringList{QStringLiteral("events")};
    }

    void unreachableEngineExits3()
    {
        QFETCH(QStringList, args);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString host = QStringLiteral("unix://") + dir.filePath(QStringLiteral("nobody-listens.sock"));
        const Run r = ctl(host, args);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("engine unreachable"), r.err.constData());
        QVERIFY2(r.err.contains("nobody-listens.sock"), r.err.constData());
    }

    void statusJsonShapeWhenUnreachable()
    {
        QTemporaryDir dir;
        const Run r = ctl(QStringLiteral("unix://") + dir.filePath(QStringLiteral("none.sock")), {QStringLiteral("--json"), QStringLiteral("status")});
        QCOMPARE(r.exitCode, 3);
        QJsonParseError pe;
        const QJsonObject doc = QJsonDocument::fromJson(r.out, &pe).object();
        QVERIFY2(pe.error == QJsonParseError::NoError, r.out.constData());
        QCOMPARE(doc.value(QStringLiteral("state")).toString(), QStringLiteral("engine_unavailable"));
        const QJsonObject engine = doc.value(QStringLiteral("engine")).toObject();
        QVERIFY(engine.value(QStringLiteral("reachable")).isBool());
        QCOMPARE(engine.value(QStringLiteral("reachable")).toBool(), false);
        QVERIFY(engine.value(QStringLiteral("version")).isString());
        QVERIFY(doc.value(QStringLiteral("services")).isArray());
        QCOMPARE(doc.value(QStringLiteral("services")).toArray().size(), 0);
    }

    void refusedSchemeIsAnError()
    {
        const Run r = ctl(QStringLiteral("ssh://user@host"), {QStringLiteral("status")});
        // Not silently another engine (the default socket): the refusal is the error.
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("ssh:// endpoints are not supported"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCtlEngine)
#include "test_ctl_engine.moc"
