// Risk notes per entry and the compose port reader (interpolation, short/long syntax, exposure).
#include "core/allowlist/RiskAssessor.h"
#include "core/allowlist/RiskTable.h"
#include "core/composefile/ComposePorts.h"
#include "core/composefile/Interpolation.h"

#include "SandboxTestPaths.h"
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
ChangeSet adding(AllowlistKind kind, const QStringList& entries)
{
    return ChangeSet{kind, entries, {}};
}
/// "level: reason" of every note for \a entry.
QStringList notesFor(const RiskNotes& notes, const QString& entry)
{
    QStringList l;
    for (const RiskNote& n : notes)
        if (n.entry == entry)
            l.append(n.levelName() + QStringLiteral(": ") + n.reason);
    return l;
}
} // namespace

class TestAllowlistRisk : public QObject {
    Q_OBJECT
    RiskContext referenceContext(const QByteArray& envText = {})
    {
        // The reference checkout with a .env made from its env.example.
        QTemporaryDir dir;
        dir.setAutoRemove(true);
        QFile::copy(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/docker-compose.yml"), dir.filePath(QStringLiteral("docker-compose.yml")));
        QFile env(dir.filePath(QStringLiteral(".env")));
        env.open(QIODevice::WriteOnly);
        env.write(envText.isEmpty() ? readFile(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/env.example")) : envText);
        env.close();
        return RiskContext::load(dir.path());
    }

private Q_SLOTS:
    void interpolation()
    {
        const QHash<QString, QString> v{{"A", "1"}, {"EMPTY", ""}};
        QString out;
        QVERIFY(Interpolation::expand(QStringLiteral("${A}-${B:-2}-${EMPTY:-3}-${EMPTY-4}-$A-$$-${B:-${A}}"), v, &out));
        QCOMPARE(out, QStringLiteral("1-2-3--1-$-1"));
        QString error;
        QVERIFY(!Interpolation::expand(QStringLiteral("${A"), v, &out, &error));
        QVERIFY(error.contains(QLatin1String("unterminated")));
    }
    void composeReferencePorts()
    {
        QList<ComposePort> ports;
        QString error;
        QVERIFY2(ComposePorts::parse(readFile(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/docker-compose.yml")), {{"OPENCODE_PORT", "3100"}}, &ports, &error),
                 qPrintable(error));
        QCOMPARE(ports.size(), 5);
        QCOMPARE(ports[0].service, QStringLiteral("workspace"));
        QCOMPARE(ports[0].hostIp, QStringLiteral("127.0.0.1"));
        QCOMPARE(ports[0].hostPort, 3100); // from the given .env values
        QCOMPARE(ports[0].containerPort, 3100);
        QCOMPARE(ports[1].hostPort, 7860); // default of ${APP_PORT:-7860}
        QCOMPARE(ports[4].service, QStringLiteral("llm-backend"));
        QCOMPARE(ports[4].hostPort, 11434);
        QCOMPARE(ports[4].containerPort, 11434);
        for (const ComposePort& p : ports)
            QVERIFY(!p.onAllInterfaces());
    }
    void composeSyntaxes()
    {
        const QByteArray yaml = "services:\n  a:\n    ports:\n"
                                "      - \"9000:9000\"\n"
                                "      - \"[::1]:9001:80/udp\"\n"
                                "      - 9002\n"
                                "      - \"0.0.0.0:9100-9102:100-102\"\n"
                                "      - target: 443\n        published: \"${P:-9443}\"\n        host_ip: 127.0.0.1\n";
        QList<ComposePort> ports;
        QString error;
        QVERIFY2(ComposePorts::parse(yaml, {}, &ports, &error), qPrintable(error));
        QCOMPARE(ports.size(), 7);
        QVERIFY(ports[0].onAllInterfaces() && ports[0].hostPort == 9000);
        QCOMPARE(ports[1].hostIp, QStringLiteral("::1"));
        QCOMPARE(ports[1].protocol, QStringLiteral("udp"));
        QCOMPARE(ports[2].hostPort, 0); // container only: ephemeral host port
        QCOMPARE(ports[5].hostPort, 9102);
        QCOMPARE(ports[5].containerPort, 102);
        QCOMPARE(ports[6].hostPort, 9443);
        QVERIFY(!ports[6].onAllInterfaces());
        QVERIFY(!ComposePorts::parse("services: [\n", {}, &ports, &error));
        QVERIFY(error.contains(QLatin1String("docker-compose.yml")));
        QVERIFY(!ComposePorts::parse("services:\n  a:\n    ports:\n      - \"x:y\"\n", {}, &ports, &error));
    }

    void portNotes()
    {
        const RiskContext ctx = referenceContext();
        QVERIFY2(ctx.composeError.isEmpty(), qPrintable(ctx.composeError));
        const RiskNotes notes = RiskAssessor::assess(adding(AllowlistKind::Port, {"9000", "3000", "2375"}), ctx);
        QCOMPARE(notesFor(notes, "9000"),
                 QStringList({"warning: well-known port: common for PHP-FPM, MinIO, Portainer and SonarQube",
                              "info: docker-compose.yml does not publish it: usable only after a compose port entry (bind it to 127.0.0.1)"}));
        QCOMPARE(notesFor(notes, "3000"), QStringList({"warning: already used by OPENCODE_PORT in .env; a second service on it would clash",
                                                       "info: compose publishes it on 127.0.0.1:3000 -> 3000/tcp (workspace)"}));
        QVERIFY(notesFor(notes, "2375").first().startsWith(QLatin1String("high: well-known port: Docker Engine API")));
        QCOMPARE(RiskAssessor::highRiskEntries(notes), QStringList{"2375"});
        const QStringList steps = RiskAssessor::nextSteps(adding(AllowlistKind::Port, {"9000"}), ctx);
        QVERIFY(steps.first().contains(QLatin1String("Restart")));
        QVERIFY(steps.join(QLatin1Char(' ')).contains(QLatin1String("\"127.0.0.1:9000:9000\"")));
    }
    void portPublishedOnAllInterfacesIsRed()
    {
        QTemporaryDir dir;
        QFile c(dir.filePath(QStringLiteral("docker-compose.yml")));
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write("services:\n  workspace:\n    ports:\n      - \"${WEB:-9000}:9000\"\n");
        c.close();
        const RiskContext ctx = RiskContext::load(dir.path());
        const RiskNotes notes = RiskAssessor::assess(adding(AllowlistKind::Port, {"9000"}), ctx);
        QVERIFY(notesFor(notes, "9000")
                    .contains("high: compose publishes it on all interfaces (0.0.0.0:9000 -> 9000/tcp (workspace)): reachable from other machines; bind it to "
                              "127.0.0.1"));
        QCOMPARE(RiskAssessor::highest(notes), RiskNote::Level::High);
    }
    void llmPortSettingDetected()
    {
        const RiskContext ctx = referenceContext("LLM_PORT=12345\n");
        const RiskNotes notes = RiskAssessor::assess(adding(AllowlistKind::Port, {"12345"}), ctx);
        QVERIFY(notesFor(notes, "12345").first().contains(QLatin1String("LLM_PORT")));
    }
    void packageNotes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("level");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("netcat") << "netcat-traditional"
                                << "high"
                                << "network tool";
        QTest::newRow("socat") << "socat"
                               << "high"
                               << "relays";
        QTest::newRow("nmap") << "nmap"
                              << "high"
                              << "scanner";
        QTest::newRow("tcpdump") << "tcpdump"
                                 << "high"
                                 << "sniffer";
        QTest::newRow("telnet") << "telnet"
                                << "warning"
                                << "cleartext";
        QTest::newRow("sshd") << "openssh-server"
                              << "high"
                              << "SSH server";
        QTest::newRow("sudo") << "sudo"
                              << "high"
                              << "privilege";
        QTest::newRow("polkit") << "policykit-1"
                                << "high"
                                << "pkexec";
        QTest::newRow("gdb") << "gdb"
                             << "warning"
                             << "debugger";
        QTest::newRow("strace") << "strace"
                                << "warning"
                                << "tracer";
        QTest::newRow("ltrace") << "ltrace"
                                << "warning"
                                << "tracer";
        QTest::newRow("gcc") << "gcc"
                             << "info"
                             << "compiler";
        QTest::newRow("docker") << "docker.io"
                                << "high"
                                << "container tool";
        QTest::newRow("podman") << "podman"
                                << "high"
                                << "container tool";
        QTest::newRow("wireshark prefix") << "wireshark-qt"
                                          << "high"
                                          << "sniffer";
        QTest::newRow("unknown") << "cowsay"
                                 << "info"
                                 << "not in the risk table";
    }
    void packageNotes()
    {
        QFETCH(QString, name);
        QFETCH(QString, level);
        QFETCH(QString, reasonPart);
        const RiskNotes notes = RiskAssessor::assess(adding(AllowlistKind::Apt, {name}), RiskContext{});
        QCOMPARE(notes.size(), 1);
        QCOMPARE(notes.first().levelName(), level);
        QVERIFY2(notes.first().reason.contains(reasonPart), qPrintable(notes.first().reason));
        QVERIFY(!notes.first().reason.contains(QLatin1Char('\n')));
        QVERIFY(RiskAssessor::nextSteps(adding(AllowlistKind::Apt, {name}), {}).first().contains(QLatin1String("rebuild")));
    }
    void tableRowsAreOneLine()
    {
        for (const RiskTable::Row& r : RiskTable::packages()) {
            QVERIFY(!QByteArray(r.reason).contains('\n'));
            QVERIFY(QByteArray(r.reason).size() < 120);
        }
    }
    void removalsAreLowerRisk()
    {
        const RiskContext ctx = referenceContext();
        const ChangeSet rmPort{AllowlistKind::Port, {}, {"3000", "8888"}};
        const RiskNotes notes = RiskAssessor::assess(rmPort, ctx);
        QCOMPARE(notesFor(notes, "3000").first(),
                 QStringLiteral("warning: OPENCODE_PORT in .env uses it: validation fails (port rule) until that setting changes"));
        QCOMPARE(notesFor(notes, "8888"), QStringList{"info: a service listening on it stops being allowed after the restart"});
        for (const RiskNote& n : notes)
            QVERIFY(n.removal && n.level != RiskNote::Level::High);
        QCOMPARE(RiskAssessor::highRiskEntries(RiskAssessor::assess(ChangeSet{AllowlistKind::Apt, {}, {"sudo"}}, ctx)), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestAllowlistRisk)
#include "test_allowlist_risk.moc"
