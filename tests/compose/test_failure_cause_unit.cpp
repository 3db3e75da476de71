// The cause of a failed job: compose's error lines (v1 and v2 wordings), the holder of a port
// (/proc tables of a scratch folder, the engine's container list), a workspace that exits at
// once, the engine's multiplexed logs, the job's last line and its notification.
#include "TestFiles.h"

#include "core/compose/FailureCause.h"
#include "core/compose/Job.h"
#include "core/compose/PortHolders.h"
#include "core/docker/EngineApi.h"
#include "core/sandbox/Notifier.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

namespace {
QStringList lines(std::initializer_list<const char*> l)
{
    QStringList out;
    for (const char* s : l)
        out << QString::fromUtf8(s);
    return out;
}

ProcessSpec shell(const QString& script)
{
    ProcessSpec s;
    s.program = QStringLiteral("/bin/sh");
    s.arguments = {QStringLiteral("-c"), script};
    s.parseComposeProgress = false;
    return s;
}

bool waitFinished(Job& job)
{
    if (job.isFinished())
        return true;
    QSignalSpy spy(&job, &Job::finished);
    return spy.wait(20000);
}
} // namespace

class TestFailureCauseUnit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void portConflictWordings_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<int>("port");
        // compose v2 (a container holds it; a process holds it)
        QTest::newRow("v2 allocated") << "Error response from daemon: driver failed programming external connectivity on endpoint p-workspace "
                                         "(0a1b): Bind for 127.0.0.1:8443 failed: port is already allocated"
                                      << "127.0.0.1" << 8443;
        QTest::newRow("v2 in use") << "Error response from daemon: driver failed programming external connectivity on endpoint p-workspace "
                                      "(0a1b): Error starting userland proxy: listen tcp4 127.0.0.1:8443: bind: address already in use"
                                   << "127.0.0.1" << 8443;
        // compose v1
        QTest::newRow("v1 in use") << "ERROR: for workspace  Cannot start service workspace: driver failed programming external connectivity "
                                      "on endpoint opencode-workspace (0a1b): Error starting userland proxy: listen tcp4 127.0.0.1:3000: bind: "
                                      "address already in use"
                                   << "127.0.0.1" << 3000;
        QTest::newRow("v1 allocated, all interfaces") << "ERROR: for llm-backend  Cannot start service llm-backend: driver failed programming "
                                                         "external connectivity on endpoint opencode-llm (0a1b): Bind for 0.0.0.0:11434 failed: "
                                                         "port is already allocated"
                                                      << "0.0.0.0" << 11434;
        QTest::newRow("IPv6") << "Error starting userland proxy: listen tcp6 [::1]:7860: bind: address already in use"
                              << "::1" << 7860;
        QTest::newRow("none") << "Error response from daemon: No such image: x"
                              << "" << 0;
    }
    void portConflictWordings()
    {
        QFETCH(QString, line);
        QFETCH(QString, ip);
        QFETCH(int, port);
        const FailureCause::PortConflict c = FailureCause::portConflict({QStringLiteral("Container p-workspace  Starting"), line});
        QCOMPARE(c.port, port);
        QCOMPARE(c.valid(), port > 0);
        if (port)
            QCOMPARE(c.hostIp, ip);
    }

    void buildStepAndComposeError()
    {
        QCOMPARE(
            FailureCause::buildStep(lines({"#6 ERROR: process \"/bin/sh -c apt-get install -y nope\" did not complete successfully: exit code: 100",
                                           "failed to solve: process \"/bin/sh -c apt-get install -y nope\" did not complete successfully: exit code: 100"})),
            QStringLiteral("the build step `/bin/sh -c apt-get install -y nope` failed (exit code 100)"));
        QCOMPARE(FailureCause::buildStep(lines({"ERROR: Service 'workspace' failed to build: The command '/bin/sh -c false' returned a non-zero code: 1"})),
                 QStringLiteral("the build step `/bin/sh -c false` failed (exit code 1)"));
        QCOMPARE(FailureCause::buildStep(lines({"executor failed running [/bin/sh -c make]: exit code: 2"})),
                 QStringLiteral("the build step `/bin/sh -c make` failed (exit code 2)"));
        QVERIFY(FailureCause::buildStep(lines({"Step 3/7 : RUN true", "Successfully built 0a1b"})).isEmpty());

        QCOMPARE(FailureCause::composeError(lines({"Creating network p_default", "Error response from daemon: first", "Container x  Error",
                                                   "Error response from daemon: second", "docker failed with exit code 1"})),
                 QStringLiteral("compose said: Error response from daemon: second"));
        QCOMPARE(FailureCause::composeError(lines({"ERROR: Named volume \"x\" is used in service \"workspace\" but no declaration was found"})),
                 QStringLiteral("compose said: ERROR: Named volume \"x\" is used in service \"workspace\" but no declaration was found"));
        QVERIFY(FailureCause::composeError(lines({"Container x  Started"})).isEmpty());
    }

    void workspaceExit()
    {
        const QJsonObject restarting = QJsonDocument::fromJson(R"({"RestartCount": 3, "State": {"Status": "restarting", "Running": true,
            "Restarting": true, "ExitCode": 127, "Error": ""}})")
                                           .object();
        QVERIFY(FailureCause::exitsByItself(restarting));
        QCOMPARE(FailureCause::workspaceExit(restarting, lines({"a", "b", "c", "d", "starting", "sh: 1: exec: no-such-agent: not found"})),
                 QStringLiteral("the workspace exits at once (status 127): b | c | d | starting | sh: 1: exec: no-such-agent: not found"));
        const QJsonObject exited = QJsonDocument::fromJson(R"({"RestartCount": 0, "State": {"Status": "exited", "Running": false,
            "ExitCode": 137, "OOMKilled": true}})")
                                       .object();
        QCOMPARE(FailureCause::workspaceExit(exited, {}), QStringLiteral("the workspace exits at once (status 137, out of memory), printing nothing"));
        const QJsonObject running = QJsonDocument::fromJson(R"({"RestartCount": 0, "State": {"Status": "running", "Running": true}})").object();
        QVERIFY(!FailureCause::exitsByItself(running));
    }

    void demultiplexedLogs()
    {
        QByteArray frames;
        auto frame = [&frames](char stream, const QByteArray& payload) {
            frames += QByteArray(1, stream) + QByteArray(3, '\0');
            const quint32 n = quint32(payload.size());
            frames += char(n >> 24);
            frames += char(n >> 16);
            frames += char(n >> 8);
            frames += char(n);
            frames += payload;
        };
        frame(1, "starting the agent\n");
        frame(2, "sh: 1: exec: no-such-agent: not found\n");
        QCOMPARE(EngineApi::demultiplex(frames), QByteArray("starting the agent\nsh: 1: exec: no-such-agent: not found\n"));
        QCOMPARE(EngineApi::demultiplex("plain tty output\n"), QByteArray("plain tty output\n"));
    }

    void processHoldersFromProc()
    {
        QTemporaryDir proc;
        QVERIFY(proc.isValid());
        // 127.0.0.1:8443 LISTEN (inode 777, pid 4242's fd 3); 0.0.0.0:9000 LISTEN (inode 888, no
        // visible fd); [::1]:8443 LISTEN (inode 999); an established 127.0.0.1:8443 connection.
        QVERIFY(TestFiles::write(proc.filePath(QStringLiteral("net/tcp")),
                                 "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                                 "   0: 0100007F:20FB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0 100 0 0 10 0\n"
                                 "   1: 00000000:2328 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 888 1 0 100 0 0 10 0\n"
                                 "   2: 0100007F:20FB 0100007F:A000 01 00000000:00000000 00:00000000 00000000     0        0 555 1 0 100 0 0 10 0\n"));
        QVERIFY(TestFiles::write(
            proc.filePath(QStringLiteral("net/tcp6")),
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            "   0: 00000000000000000000000001000000:20FB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 999 1 "
            "0 100 0 0 10 0\n"));
        QVERIFY(TestFiles::write(proc.filePath(QStringLiteral("4242/cmdline")), [] {
            static const char cmd[] = "python3\0-m\0http.server\0--bind\0"
                                      "127.0.0.1\0"
                                      "8443";
            return QByteArray(cmd, sizeof cmd); // NUL-separated, as the kernel writes it
        }()));
        QVERIFY(QDir().mkpath(proc.filePath(QStringLiteral("4242/fd"))));
        QCOMPARE(::symlink("socket:[777]", QFile::encodeName(proc.filePath(QStringLiteral("4242/fd/3"))).constData()), 0);
        QCOMPARE(::symlink("/dev/null", QFile::encodeName(proc.filePath(QStringLiteral("4242/fd/0"))).constData()), 0);

        const QList<PortHolder> h = PortHolders::processes(8443, QStringLiteral("127.0.0.1"), proc.path());
        QCOMPARE(h.size(), 1); // [::1] does not overlap 127.0.0.1; the established socket is no listener
        QCOMPARE(h.first().pid, 4242);
        QCOMPARE(h.first().command, QStringLiteral("python3 -m http.server --bind 127.0.0.1 8443"));
        QCOMPARE(PortHolders::describe(h, QStringLiteral("p")),
                 QStringLiteral("in use by process 4242 (python3 -m http.server --bind 127.0.0.1 8443) on this machine"));
        QCOMPARE(PortHolders::processes(8443, QStringLiteral("0.0.0.0"), proc.path()).size(), 1); // every IPv4 address, not [::1]
        QCOMPARE(PortHolders::processes(8443, QStringLiteral("::"), proc.path()).size(), 2);      // dual stack: both
        const QList<PortHolder> hidden = PortHolders::processes(9000, QStringLiteral("127.0.0.1"), proc.path());
        QCOMPARE(hidden.size(), 1);
        QCOMPARE(hidden.first().pid, 0);
        QVERIFY2(hidden.first().describe({}).contains(QLatin1String("may not see")), qPrintable(hidden.first().describe({})));
        QVERIFY(PortHolders::processes(9001, QStringLiteral("127.0.0.1"), proc.path()).isEmpty());
    }

    void containerHolders()
    {
        const QJsonArray running = QJsonDocument::fromJson(R"([
            {"Names": ["/other-workspace"], "Image": "sandbox-demo-workspace:latest",
             "Ports": [{"IP": "127.0.0.1", "PrivatePort": 8443, "PublicPort": 8443, "Type": "tcp"}],
             "Labels": {"com.docker.compose.project": "other", "com.docker.compose.service": "workspace",
                        "com.docker.compose.project.working_dir": "/home/u/sandbox"}},
            {"Names": ["/plain"], "Image": "sandbox-demo-base:1",
             "Ports": [{"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 3000, "Type": "tcp"}], "Labels": {}},
            {"Names": ["/udp"], "Image": "x", "Ports": [{"IP": "127.0.0.1", "PrivatePort": 53, "PublicPort": 8443, "Type": "udp"}], "Labels": {}}
        ])")
                                       .array();
        const QList<PortHolder> other = PortHolders::containers(running, 8443, QStringLiteral("127.0.0.1"));
        QCOMPARE(other.size(), 1);
        QCOMPARE(other.first().describe(QStringLiteral("mine")),
                 QStringLiteral("container other-workspace of another sandbox checkout (compose project other in /home/u/sandbox, service workspace)"));
        QCOMPARE(other.first().describe(QStringLiteral("other")), QStringLiteral("container other-workspace of this stack (service workspace)"));
        const QList<PortHolder> plain = PortHolders::containers(running, 3000, QStringLiteral("127.0.0.1"));
        QCOMPARE(plain.size(), 1);
        QCOMPARE(plain.first().describe(QStringLiteral("mine")), QStringLiteral("container plain (image sandbox-demo-base:1, not part of a compose project)"));
        QVERIFY(PortHolders::containers(running, 3000, QStringLiteral("::1")).isEmpty());
        // the container's docker-proxy is the container, not a process of its own
        PortHolder proxy;
        proxy.pid = 1;
        proxy.command = QStringLiteral("/usr/bin/docker-proxy -proto tcp");
        QCOMPARE(PortHolders::merge(plain, {proxy}).first().kind, PortHolder::Kind::Container);
        QCOMPARE(PortHolders::merge({}, {proxy}).first().pid, 1);
    }

    void jobsLastLineNamesTheCauseOnce()
    {
        Job job(QStringLiteral("Start"), true);
        QStringList order;
        job.addProcess(QStringLiteral("starting the stack"), [&job]() {
            job.armCleanup();
            return shell(QStringLiteral("echo 'Container p-workspace  Starting'; "
                                        "echo 'Error response from daemon: driver failed programming external connectivity on endpoint "
                                        "p-workspace (0a1b): Bind for 127.0.0.1:1 failed: port is already allocated' >&2; exit 1"));
        });
        job.addCleanupTask(QStringLiteral("bringing the stack down"), [&order](Job&, Job::Done done) {
            order << QStringLiteral("cleanup");
            done(true, {});
        });
        job.setCleanupOnFailure(true);
        job.setFailureAnalysis([&order](Job& j, Job::Done done) {
            order << QStringLiteral("analysis");
            FailureCause::analyze(nullptr, QStringLiteral("p"), j.history(), &j, [done](const QString& c) { done(true, c); });
        });
        job.start();
        QVERIFY(waitFinished(job));
        QCOMPARE(job.status(), Job::Status::Failed);
        QCOMPARE(order, (QStringList{QStringLiteral("analysis"), QStringLiteral("cleanup")})); // before the containers go
        const QStringList h = job.history();
        QCOMPARE(h.filter(QStringLiteral("port is already allocated")).size(), 1); // compose's line, not replayed
        QVERIFY2(h.last().startsWith(QLatin1String("Start: failed after ")), qPrintable(h.last()));
        QVERIFY2(h.last().endsWith(QLatin1String(" s: port 127.0.0.1:1 is in use (its holder is not visible from here)")), qPrintable(h.last()));
        QCOMPARE(h.filter(QStringLiteral("port 127.0.0.1:1 is in use")).size(), 1);
        QCOMPARE(job.failureCause(), QStringLiteral("port 127.0.0.1:1 is in use (its holder is not visible from here)"));
        QVERIFY2(job.errorText().startsWith(job.failureCause()) && job.errorText().contains(QLatin1String("port is already allocated")),
                 qPrintable(job.errorText()));

        Notifier n;
        QSignalSpy spy(&n, &Notifier::notification);
        n.onJobFinished(&job);
        QCOMPARE(spy.size(), 1);
        const Notification note = spy.first().first().value<Notification>();
        QCOMPARE(note.title, QStringLiteral("Start failed"));
        QCOMPARE(note.detail, job.failureCause());
    }

    void refusedAndCancelledJobs()
    {
        Job refused(QStringLiteral("Restart"), true);
        refused.refuse(QStringLiteral("Build is running"));
        QCOMPARE(refused.history().size(), 1); // the reason once, in the last line
        QVERIFY2(refused.history().last().endsWith(QLatin1String(": Build is running")), qPrintable(refused.history().last()));

        Job cancelled(QStringLiteral("Stop"), true);
        cancelled.addProcess({}, []() { return shell(QStringLiteral("exec sleep 30")); });
        cancelled.start();
        cancelled.cancel();
        QVERIFY(waitFinished(cancelled));
        Notifier n;
        QSignalSpy spy(&n, &Notifier::notification);
        n.onJobFinished(&cancelled);
        n.onJobFinished(&refused);
        QCOMPARE(spy.size(), 1); // the operator's own cancel is no news
        QCOMPARE(spy.first().first().value<Notification>().title, QStringLiteral("Restart refused"));
    }
};

QTEST_GUILESS_MAIN(TestFailureCauseUnit)
#include "test_failure_cause_unit.moc"
