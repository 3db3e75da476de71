// Restricted start on the real engine for every kind of checkout an operator has: the demo, a
// scratch copy of the older reference checkout (workspace network fixed: override file) and of
// the current one (WORKSPACE_NETWORK), with the compose tool the harness gives (v2 by default;
// the _v1 ctest entry sets SANDBOX_COMPOSE=v1). `up` and `restart` must leave the workspace
// only on internal networks, as the engine reports them.
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "core/compose/Lifecycle.h"
#include "core/docker/EngineClient.h"
#include "core/sandbox/LifecycleWiring.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {
QString describe(Job* job)
{
    return job->name() + QStringLiteral(" -> ") + Job::statusName(job->status()) + QStringLiteral(": ") + job->errorText() + QLatin1Char('\n')
           + job->history().join(QLatin1Char('\n'));
}
} // namespace

class TestRestrictedCheckouts : public QObject {
    Q_OBJECT
private:
    EngineClient* m_engine = nullptr;
    QObject m_context;
    QTemporaryDir m_state;

    QJsonObject workspace(const QString& project)
    {
        const QJsonArray list = m_engine
                                    ->call("GET", QStringLiteral("/containers/json?filters=%1")
                                                      .arg(EngineClient::filtersQuery({{QStringLiteral("label"),
                                                                                        {QStringLiteral("com.docker.compose.project=") + project,
                                                                                         QStringLiteral("com.docker.compose.service=workspace")}}})))
                                    .json()
                                    .array();
        if (list.isEmpty())
            return {};
        return m_engine->call("GET", QStringLiteral("/containers/%1/json").arg(list.first().toObject().value(QStringLiteral("Id")).toString())).json().object();
    }

    /// Every network of the running workspace is Internal=true; returns its container id.
    QString verifyOnlyInternal(const QString& project)
    {
        const QJsonObject ws = workspace(project);
        const QJsonObject nets = ws.value(QStringLiteral("NetworkSettings")).toObject().value(QStringLiteral("Networks")).toObject();
        if (nets.isEmpty())
            return QStringLiteral("FAIL: the workspace is on no network");
        for (auto it = nets.begin(); it != nets.end(); ++it) {
            const QJsonObject net = m_engine->call("GET", QStringLiteral("/networks/%1").arg(it.key())).json().object();
            if (!net.value(QStringLiteral("Internal")).toBool())
                return QStringLiteral("FAIL: %1 is not internal").arg(it.key());
        }
        return ws.value(QStringLiteral("Id")).toString();
    }

    void timed(const QByteArray& what, Job* job)
    {
        QSignalSpy spy(job, &Job::finished);
        QVERIFY2(job->isFinished() || spy.wait(300000), qPrintable(describe(job)));
        qInfo("TIMING %s [%s]: %.1f s", what.constData(), qPrintable(TestEngine::composeCommand().join(QLatin1Char(' '))), job->durationMs() / 1000.0);
        QVERIFY2(job->status() == Job::Status::Succeeded, qPrintable(describe(job)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        SANDBOX_REQUIRE_ENGINE();
        m_engine = new EngineClient(EngineEndpoint::fromEnvironment(), &m_context);
        QVERIFY2(m_engine->call("GET", QStringLiteral("/_ping")).ok(), "engine does not answer /_ping");
        // The current checkout's new_project.sh runs `git init` in the project folder, which the
        // harness gives to uid 1000; git run as root refuses such a folder without this.
        qputenv("GIT_CONFIG_COUNT", "1");
        qputenv("GIT_CONFIG_KEY_0", "safe.directory");
        qputenv("GIT_CONFIG_VALUE_0", "*");
        // The model server images the reference files name, made locally (nothing is pulled).
        for (const char* tag : {"0.23.1", "0.34.0"})
            QCOMPARE(runProgram(QStringLiteral("docker"),
                                {QStringLiteral("tag"), QStringLiteral("sandbox-demo-base:1"), QStringLiteral("ollama/ollama:%1").arg(QLatin1String(tag))}),
                     0);
    }

    void upAndRestartStayInternal_data()
    {
        QTest::addColumn<int>("source");
        QTest::newRow("demo") << int(DemoSandbox::Source::Demo);
        QTest::newRow("reference-older") << int(DemoSandbox::Source::ReferenceOlder);
        QTest::newRow("reference-latest") << int(DemoSandbox::Source::ReferenceLatest);
    }

    void upAndRestartStayInternal()
    {
        QFETCH(int, source);
        const auto kind = DemoSandbox::Source(source);
        if (kind != DemoSandbox::Source::Demo)
            SANDBOX_REQUIRE_REFERENCE(DemoSandbox::referenceDir(kind));
        DemoSandbox demo(kind);
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("restricted"));
        if (kind != DemoSandbox::Source::Demo)
            demo.setEnv(QStringLiteral("LLM_SOURCE"), QStringLiteral("lm_studio"));
        Lifecycle lc(demo.checkout());
        lc.setEngine(m_engine);
        lc.setValidator(LifecycleWiring::settingsValidator());
        lc.setHealthTimeout(90000);
        lc.setCancelGracePeriod(3000);
        lc.setStateDir(m_state.path());

        Job* up = lc.start();
        timed(QByteArray("restricted up ") + QTest::currentDataTag(), up);
        if (QTest::currentTestFailed())
            return;
        const QString first = verifyOnlyInternal(demo.projectName());
        QVERIFY2(!first.startsWith(QLatin1String("FAIL")), qPrintable(first + QLatin1Char('\n') + describe(up)));
        // nothing generated in the operator's checkout
        QVERIFY(QDir(demo.root()).entryList({QStringLiteral("*.restricted.yml"), QStringLiteral("docker-compose.override.yml")}).isEmpty());

        Job* restart = lc.restart();
        timed(QByteArray("restricted restart ") + QTest::currentDataTag(), restart);
        if (QTest::currentTestFailed())
            return;
        const QString second = verifyOnlyInternal(demo.projectName());
        QVERIFY2(!second.startsWith(QLatin1String("FAIL")), qPrintable(second + QLatin1Char('\n') + describe(restart)));
        QVERIFY(second != first); // a new container, still only on internal networks

        Job* down = lc.stop();
        timed(QByteArray("down ") + QTest::currentDataTag(), down);
        QVERIFY(workspace(demo.projectName()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRestrictedCheckouts)
#include "test_restricted_checkouts.moc"
