// Loosening the sandbox through .env: core decides which keys and values loosen (one place,
// SettingsChangeSet), Settings::set refuses them without a review, a reviewed change writes the
// value and one audit line (never a secret) through the safe-write path, and a change whose audit
// line cannot be written is not applied.
#include "core/settings/Settings.h"

#include "SandboxTestPaths.h"
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

class TestSettingsLoosening : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString env() const { return m_dir.filePath(QStringLiteral(".env")); }
    QString audit() const { return m_dir.filePath(QStringLiteral("logs/settings-audit.jsonl")); }
    static QByteArray read(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    QList<QJsonObject> auditLines() const
    {
        QList<QJsonObject> out;
        for (const QByteArray& line : read(audit()).split('\n'))
            if (!line.isEmpty())
                out << QJsonDocument::fromJson(line).object();
        return out;
    }

private Q_SLOTS:
    void init()
    {
        QDir d(m_dir.path());
        d.removeRecursively();
        QVERIFY(d.mkpath(QStringLiteral("config")));
        QVERIFY(QFile::copy(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/env.example"), env()));
        QVERIFY(QFile::setPermissions(env(), QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    }

    void whichChangesLoosen_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("direction");
        QTest::addColumn<QString>("typed");
        const int L = int(ChangeDirection::Loosen), T = int(ChangeDirection::Tighten), N = int(ChangeDirection::Neutral);
        QTest::newRow("egress full") << "NETWORK_EGRESS"
                                     << "restricted"
                                     << "full" << L << "full";
        QTest::newRow("egress restricted") << "NETWORK_EGRESS"
                                           << "full"
                                           << "restricted" << T << "";
        QTest::newRow("seccomp unconfined") << "SECCOMP_PROFILE"
                                            << ""
                                            << "unconfined" << L << "unconfined";
        QTest::newRow("seccomp back") << "SECCOMP_PROFILE"
                                      << "unconfined"
                                      << "./config/seccomp-workspace.json" << T << "";
        QTest::newRow("seccomp other file") << "SECCOMP_PROFILE"
                                            << ""
                                            << "/tmp/permissive.json" << L << "";
        QTest::newRow("seccomp default path") << "SECCOMP_PROFILE"
                                              << ""
                                              << "./config/seccomp-workspace.json" << N << "";
        QTest::newRow("autonomous") << "OPERATION_MODE"
                                    << "interactive"
                                    << "autonomous" << L << "";
        QTest::newRow("back to interactive") << "OPERATION_MODE"
                                             << "autonomous"
                                             << "interactive" << T << "";
        QTest::newRow("conductor") << "OPERATION_MODE"
                                   << "interactive"
                                   << "conductor" << N << "";
        QTest::newRow("port scan off") << "PORTSCAN_ENABLED"
                                       << "true"
                                       << "false" << L << "";
        QTest::newRow("port scan on") << "PORTSCAN_ENABLED"
                                      << "false"
                                      << "true" << T << "";
        QTest::newRow("resources off") << "RESOURCE_MONITOR_ENABLED"
                                       << "true"
                                       << "false" << L << "";
        QTest::newRow("autolog off") << "AUTOLOG_ENABLED"
                                     << "true"
                                     << "false" << L << "";
        QTest::newRow("dashboard off") << "DASHBOARD_ENABLED"
                                       << "true"
                                       << "false" << N << "";
        QTest::newRow("a port") << "OPENCODE_PORT"
                                << "3000"
                                << "3001" << N << "";
    }
    void whichChangesLoosen()
    {
        QFETCH(QString, key);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(int, direction);
        QFETCH(QString, typed);
        const SettingChange c = SettingsRisk::assess(key, from, to);
        QCOMPARE(int(c.direction), direction);
        QCOMPARE(c.confirm, typed);
        QCOMPARE(c.risk.isEmpty(), direction != int(ChangeDirection::Loosen));
    }

    void unsetMeansTheDefault()
    {
        // env.example: NETWORK_EGRESS=restricted, monitors off. Unset egress is restricted, so
        // "full" from unset loosens; turning an unset (off) monitor off changes nothing.
        EnvValues none;
        QVERIFY(SettingsChangeSet::of(none, QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full")).loosens());
        const SettingsChangeSet off = SettingsChangeSet::of(none, QStringLiteral("PORTSCAN_ENABLED"), QStringLiteral("false"));
        QVERIFY(!off.loosens());
        QVERIFY(!off.audited());
    }

    void setRefusesALooseningAndLeavesTheFile()
    {
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        const QByteArray before = read(env());
        const Settings::Result r = s.setEgress(Egress::Full);
        QCOMPARE(r.status, Settings::Status::Refused);
        QVERIFY2(r.message.contains(QLatin1String("loosens")) && r.message.contains(QLatin1String("review")), qPrintable(r.message));
        QCOMPARE(read(env()), before);
        QVERIFY(!QFile::exists(audit()));
        QCOMPARE(s.egress(), Egress::Restricted);
    }

    void reviewedLooseningWritesValueAndAuditLine()
    {
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        const SettingsChangeSet change = s.propose(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        QVERIFY(change.loosens());
        QCOMPARE(change.typedConfirmations(), QStringList{QStringLiteral("full")});
        QVERIFY(s.applyReviewed(change, QStringLiteral("pip install from PyPI for one task")).ok());
        QVERIFY(read(env()).contains("\nNETWORK_EGRESS=full\n"));
        const QList<QJsonObject> lines = auditLines();
        QCOMPARE(lines.size(), 1);
        const QJsonObject l = lines.first();
        QCOMPARE(l.value(QLatin1String("key")).toString(), QStringLiteral("NETWORK_EGRESS"));
        QCOMPARE(l.value(QLatin1String("from")).toString(), QStringLiteral("restricted"));
        QCOMPARE(l.value(QLatin1String("to")).toString(), QStringLiteral("full"));
        QCOMPARE(l.value(QLatin1String("direction")).toString(), QStringLiteral("loosen"));
        QCOMPARE(l.value(QLatin1String("reason")).toString(), QStringLiteral("pip install from PyPI for one task"));
        QVERIFY(!l.value(QLatin1String("user")).toString().isEmpty());
        QVERIFY(QDateTime::fromString(l.value(QLatin1String("timestamp")).toString(), Qt::ISODateWithMs).isValid());
        QCOMPARE(QFile::permissions(audit()) & 0x0077, QFileDevice::Permissions());

        // Tightening needs no review; it is recorded too (no reason).
        QVERIFY(s.setEgress(Egress::Restricted).ok());
        QCOMPARE(auditLines().size(), 2);
        QCOMPARE(auditLines().last().value(QLatin1String("direction")).toString(), QStringLiteral("tighten"));
        // A neutral change writes no audit line.
        QVERIFY(s.set(QStringLiteral("OPENCODE_PORT"), QStringLiteral("3001")).ok());
        QCOMPARE(auditLines().size(), 2);
    }

    void noSecretInTheAuditLine()
    {
        const QString secret = QStringLiteral("ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        SettingsChangeSet change;
        change.changes.append({QStringLiteral("GITHUB_TOKEN"),
                               secret,
                               QStringLiteral("ghp_other0123456789abcdefghijklmnopqrstuv"),
                               ChangeDirection::Loosen,
                               QStringLiteral("test"),
                               {}});
        const auto entries = SettingsAuditEntry::of(change, QStringLiteral("rotating ") + secret, QStringLiteral("me"), QDateTime::currentDateTimeUtc());
        QCOMPARE(entries.size(), 1);
        const QByteArray line = QJsonDocument(entries.first().toJson()).toJson(QJsonDocument::Compact);
        QVERIFY2(!line.contains(secret.toUtf8()), line.constData());
        QVERIFY2(!line.contains("ghp_other"), line.constData());
    }

    void noAuditTrailNoChange()
    {
        // logs is a file: the audit trail cannot be opened, so the loosening is not applied.
        QFile logs(m_dir.filePath(QStringLiteral("logs")));
        QVERIFY(logs.open(QIODevice::WriteOnly));
        logs.close();
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        const QByteArray before = read(env());
        const Settings::Result r = s.applyReviewed(s.propose(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full")), QStringLiteral("why"));
        QCOMPARE(r.status, Settings::Status::IoError);
        QVERIFY2(r.message.contains(QLatin1String("audit")), qPrintable(r.message));
        QCOMPARE(s.egress(), Egress::Restricted);
        QCOMPARE(s.setMonitorEnabled(Monitor::PortScan, true).status, Settings::Status::IoError); // a tightening is audited too
        QCOMPARE(read(env()), before);
        QVERIFY(!s.monitorEnabled(Monitor::PortScan));
    }

    void staleReviewIsRefused()
    {
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        const SettingsChangeSet change = s.propose(QStringLiteral("OPERATION_MODE"), QStringLiteral("autonomous"));
        QVERIFY(change.loosens());
        QVERIFY(s.setMode(OperationMode::Conductor).ok()); // the value moved under the review
        const QByteArray before = read(env());
        QCOMPARE(s.applyReviewed(change, QStringLiteral("why")).status, Settings::Status::ChangedOnDisk);
        QCOMPARE(read(env()), before);
    }
};

QTEST_GUILESS_MAIN(TestSettingsLoosening)
#include "test_settings_loosening.moc"
