// The cause first, on the real engine with the demo stack: a port held by a process of this
// machine or by another container makes `up` fail with a last line naming the port and its
// holder (once); Restart refuses before taking anything down when a port it needs is held; a
// workspace whose command is missing fails the start with its exit status and last log lines.
#include "DemoSandbox.h"
#include "TestEngine.h"
#include "TestFiles.h"

#include "core/compose/Lifecycle.h"
#include "core/docker/EngineClient.h"
#include "core/sandbox/LifecycleWiring.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

#include <algorithm>
#include <memory>

namespace {
bool waitFinished(Job* job, int timeoutMs = 240000)
{
    if (job->isFinished())
        return true;
    QSignalSpy spy(job, &Job::finished);
    return spy.wait(timeoutMs);
}

QString describe(Job* job)
{
    return QStringLiteral("%1 -> %2: %3\n%4").arg(job->name(), Job::statusName(job->status()), job->errorText(), job->history().join(QLatin1Char('\n')));
}

int freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

/// Adds \a port to the copy's port allowlist (the validator wants it listed, sorted).
bool allowPort(const DemoSandbox& demo, int port)
{
    const QString file = QDir(demo.root()).filePath(QStringLiteral("config/port-allowlist.txt"));
    QByteArray header;
    QList<int> ports{port};
    for (const QByteArray& l : TestFiles::read(file).split('\n')) {
        if (l.startsWith('#'))
            header += l + '\n';
        else if (!l.trimmed().isEmpty())
            ports << l.trimmed().toInt();
    }
    std::sort(ports.begin(), ports.end());
    for (int p : ports)
        header += QByteArray::number(p) + '\n';
    return TestFiles::write(file, header);
}

/// A python3 listener on 127.0.0.1:port, a process of this machine (stopped when destroyed).
class Listener {
public:
    explicit Listener(int port)
    {
        m_process.setProgram(QStringLiteral("python3"));
        m_process.setArguments({QStringLiteral("-c"),
                                QStringLiteral("import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.0.1',int(sys.argv[1])))\ns.listen()\n"
                                               "print('listening',flush=True)\ntime.sleep(900)"),
                                QString::number(port)});
        m_process.start();
        m_ready = m_process.waitForStarted(10000) && m_process.waitForReadyRead(10000) && m_process.readAll().startsWith("listening");
    }
    ~Listener()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    bool ready() const { return m_ready; }
    qint64 pid() const { return m_process.processId(); }

private:
    QProcess m_process;
    bool m_ready = false;
};

/// A container of no compose project publishing 127.0.0.1:port (the local demo base image).
class HolderContainer {
public:
    explicit HolderContainer(int port)
        : m_name(QStringLiteral("cause-holder-%1").arg(QRandomGenerator::global()->generate() % 1000000))
    {
        m_ok = runProgram(QStringLiteral("docker"),
                          {QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--name"), m_name, QStringLiteral("-p"),
                           QStringLiteral("127.0.0.1:%1:%1").arg(port), QStringLiteral("--pull"), QStringLiteral("never"), QStringLiteral("--entrypoint"),
                           QStringLiteral("sleep"), QStringLiteral("sandbox-demo-base:1"), QStringLiteral("900")},
                          &m_output)
               == 0;
    }
    ~HolderContainer() { runProgram(QStringLiteral("docker"), {QStringLiteral("rm"), QStringLiteral("-f"), m_name}); }
    bool ok() const { return m_ok; }
    QString name() const { return m_name; }
    QString output() const { return m_output; }

private:
    QString m_name;
    QString m_output;
    bool m_ok = false;
};
} // namespace

class TestFailureCause : public QObject {
    Q_OBJECT
private:
    EngineClient* m_engine = nullptr;
    QObject m_context;

    std::unique_ptr<Lifecycle> lifecycle(DemoSandbox& demo)
    {
        auto lc = std::make_unique<Lifecycle>(demo.checkout());
        lc->setEngine(m_engine);
        lc->setValidator(LifecycleWiring::settingsValidator());
        lc->setHealthTimeout(60000);
        lc->setCancelGracePeriod(3000);
        return lc;
    }
    QJsonArray running(const QString& project)
    {
        return m_engine
            ->call("GET", QStringLiteral("/containers/json?filters=%1")
                              .arg(EngineClient::filtersQuery({{QStringLiteral("label"), {QStringLiteral("com.docker.compose.project=") + project}}})))
            .json()
            .array();
    }
    QJsonObject inspect(const QString& name) { return m_engine->call("GET", QStringLiteral("/containers/%1/json").arg(name)).json().object(); }

private Q_SLOTS:
    void initTestCase()
    {
        SANDBOX_REQUIRE_ENGINE();
        m_engine = new EngineClient(EngineEndpoint::fromEnvironment(), &m_context);
        QVERIFY2(m_engine->call("GET", QStringLiteral("/_ping")).ok(), "engine does not answer /_ping");
    }

    void portHeldByAProcess()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        const int port = demo.port(QStringLiteral("MCP_BRIDGE_PORT"));
        Listener listener(port);
        QVERIFY(listener.ready());
        auto lc = lifecycle(demo);
        Job* up = lc->start();
        QVERIFY2(waitFinished(up), qPrintable(describe(up)));
        QCOMPARE(up->status(), Job::Status::Failed);
        const QStringList h = up->history();
        const QString holder = QStringLiteral("process %1 (").arg(listener.pid());
        QVERIFY2(h.last().contains(QStringLiteral("port 127.0.0.1:%1 is in use by %2").arg(port).arg(holder)), qPrintable(describe(up)));
        QCOMPARE(h.filter(holder).size(), 1); // the cause once
        QVERIFY(!h.filter(QStringLiteral("address already in use")).isEmpty());
        for (const QString& line : h) // compose's own lines are not replayed in an error of ours
            QVERIFY2(!line.contains(QLatin1String("exit code")) || !line.contains(QLatin1String("address already in use")), qPrintable(line));
        QVERIFY2(h.filter(QStringLiteral("left running: nothing of compose project %1").arg(demo.projectName())).size() == 1, qPrintable(describe(up)));
        QCOMPARE(running(demo.projectName()).size(), 0);
    }

    void portHeldByAnotherContainer()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        const int port = demo.port(QStringLiteral("APP_PORT"));
        HolderContainer other(port);
        QVERIFY2(other.ok(), qPrintable(other.output()));
        auto lc = lifecycle(demo);
        Job* up = lc->start();
        QVERIFY2(waitFinished(up), qPrintable(describe(up)));
        QCOMPARE(up->status(), Job::Status::Failed);
        const QString cause = QStringLiteral("port 127.0.0.1:%1 is in use by container %2 (image sandbox-demo-base:1, not part of a compose project)")
                                  .arg(port)
                                  .arg(other.name());
        QVERIFY2(up->history().last().endsWith(cause), qPrintable(describe(up)));
        QCOMPARE(up->failureCause(), cause);
        QCOMPARE(up->history().filter(QStringLiteral("container %1").arg(other.name())).size(), 1);
        QCOMPARE(running(demo.projectName()).size(), 0);
    }

    void restartRefusedWhileAPortIsHeld()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        auto lc = lifecycle(demo);
        Job* up = lc->start();
        QVERIFY2(waitFinished(up), qPrintable(describe(up)));
        QVERIFY2(up->status() == Job::Status::Succeeded, qPrintable(describe(up)));
        const QJsonObject before = inspect(demo.workspaceContainer());

        // The edited .env moves the dashboard to a port a process of this machine holds.
        const int port = freePort();
        Listener listener(port);
        QVERIFY(listener.ready());
        QVERIFY(allowPort(demo, port)); // a valid setting
        demo.setEnv(QStringLiteral("DASHBOARD_PORT"), QString::number(port));
        Job* restart = lc->restart();
        QVERIFY2(waitFinished(restart), qPrintable(describe(restart)));
        QVERIFY2(restart->status() == Job::Status::Refused, qPrintable(describe(restart)));
        const QString last = restart->history().last();
        QVERIFY2(last.contains(QStringLiteral("port 127.0.0.1:%1 (needed by workspace) is in use by process %2 (").arg(port).arg(listener.pid())),
                 qPrintable(describe(restart)));
        QVERIFY2(last.endsWith(QLatin1String("the running stack was left alone")), qPrintable(last));
        // only the held port: the stack's own ports are no conflict
        QVERIFY2(!last.contains(QStringLiteral(":%1").arg(demo.port(QStringLiteral("OPENCODE_PORT")))), qPrintable(last));
        QVERIFY(restart->history().filter(QStringLiteral("stopping the stack")).isEmpty());
        const QJsonObject after = inspect(demo.workspaceContainer());
        QCOMPARE(after.value(QStringLiteral("Id")), before.value(QStringLiteral("Id")));
        QVERIFY(after.value(QStringLiteral("State")).toObject().value(QStringLiteral("Running")).toBool());

        Job* down = lc->stop();
        QVERIFY2(waitFinished(down), qPrintable(describe(down)));
        QCOMPARE(down->status(), Job::Status::Succeeded);
    }

    void workspaceExitsAtOnce()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        // The workspace's command is missing: it exits 127 at once, and again at each restart.
        QVERIFY(TestFiles::write(QDir(demo.root()).filePath(QStringLiteral("docker-compose.override.yml")),
                                 "services:\n  workspace:\n    entrypoint: [\"/bin/sh\", \"-c\", \"echo starting the agent; exec no-such-agent-command\"]\n"));
        auto lc = lifecycle(demo);
        Job* up = lc->start();
        QVERIFY2(waitFinished(up), qPrintable(describe(up)));
        QCOMPARE(up->status(), Job::Status::Failed);
        const QString last = up->history().last();
        QVERIFY2(last.contains(QLatin1String("the workspace exits at once (status 127): ")), qPrintable(describe(up)));
        QVERIFY2(last.contains(QLatin1String("no-such-agent-command")) && last.contains(QLatin1String("starting the agent")), qPrintable(last));
        QVERIFY2(!last.contains(QLatin1String("timeout")), qPrintable(last));
        QCOMPARE(up->history().filter(QStringLiteral("exits at once")).size(), 1);
        QCOMPARE(running(demo.projectName()).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFailureCause)
#include "test_failure_cause.moc"
