// sandbox-ctl reports: newest N, kinds, JSON Lines (multi-line records compacted), text, follow.
#include "ReportTestUtil.h"

#include "SandboxTestPaths.h"
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestReportsCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString logs() const { return m_dir.filePath(QStringLiteral("projects/demo/logs")); }
    int ctl(const QStringList& args, QByteArray* out, QByteArray* err = nullptr)
    {
        QProcess p;
        p.start(QStringLiteral(SANDBOX_CTL_PATH), QStringList{QStringLiteral("--sandbox"), m_dir.path()} + args);
        if (!p.waitForFinished(30000))
            return -1;
        *out = p.readAllStandardOutput();
        if (err)
            *err = p.readAllStandardError();
        return p.exitCode();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir().mkpath(logs()));
        QVERIFY(writeDemoProjectEnv(m_dir.path()));
        QByteArray res;
        for (int i = 0; i < 50; ++i)
            res += resourceLine(i);
        QVERIFY(appendBytes(logs() + QStringLiteral("/resources.jsonl"), res));
        QVERIFY(appendBytes(logs() + QStringLiteral("/portscan.jsonl"),
                            "{\"timestamp\":\"2026-01-01T10:00:58Z\",\"status\":\"ok\",\"expected_ports\":[\"3000\"],\"unexpected\":[]}\nnot json\n"
                                + prettyWarning(QStringLiteral("2026-01-01T10:00:59Z"), QStringLiteral("0.0.0.0:5555"), QStringLiteral("nc"))));
    }

    void lastNofOneKindAsJsonLines()
    {
        QByteArray out;
        QCOMPARE(ctl({QStringLiteral("--json"), QStringLiteral("reports"), QStringLiteral("--kind"), QStringLiteral("resources"), QStringLiteral("--last"),
                      QStringLiteral("3")},
                     &out),
                 0);
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0) + '\n', resourceLine(47)); // as it stands in the file
        QCOMPARE(QJsonDocument::fromJson(lines.at(2)).object().value(QLatin1String("seq")).toInt(), 49);
    }

    void multiLineRecordCompactedAndMalformedSkipped()
    {
        QByteArray out, err;
        QCOMPARE(ctl({QStringLiteral("--json"), QStringLiteral("reports"), QStringLiteral("--kind"), QStringLiteral("portscan")}, &out, &err), 0);
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject w = QJsonDocument::fromJson(lines.at(1)).object();
        QCOMPARE(w.value(QLatin1String("status")).toString(), QStringLiteral("warning"));
        QVERIFY(err.contains("skipped"));
    }

    void allKindsMergedByTimeInTextMode()
    {
        QByteArray out;
        QCOMPARE(ctl({QStringLiteral("reports"), QStringLiteral("--last"), QStringLiteral("4")}, &out), 0);
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY2(lines.last().contains("portscan WARNING unexpected 0.0.0.0:5555 (nc"), lines.last().constData());
        QVERIFY(lines.first().contains("resources mem"));
    }

    void usageErrors()
    {
        QByteArray out;
        QCOMPARE(ctl({QStringLiteral("reports"), QStringLiteral("--kind"), QStringLiteral("bogus")}, &out), 2);
        QCOMPARE(ctl({QStringLiteral("reports"), QStringLiteral("--last"), QStringLiteral("-4")}, &out), 2);
        QCOMPARE(ctl({QStringLiteral("reports"), QStringLiteral("--last")}, &out), 2);
    }

    void envSecretsMaskedInEveryOutput()
    {
        // .env secrets (GITHUB_TOKEN, LM_STUDIO_API_KEY, any secret-named key) and token= values in
        // a process command line or a listener's process: masked by reports, --json and --alerts.
        QTemporaryDir dir;
        const QString logs = dir.filePath(QStringLiteral("projects/demo/logs"));
        QVERIFY(QDir().mkpath(logs));
        QVERIFY(writeDemoProjectEnv(dir.path()));
        const QByteArray gh = "gh" + QByteArray("p_") + QByteArray(36, 'Q');
        const QByteArray lm = "lm-studio-key-7f3a9c";
        const QByteArray own = "hunter2-db-pw";
        QVERIFY(appendBytes(dir.filePath(QStringLiteral(".env")), "GITHUB_TOKEN=" + gh + "\nLM_STUDIO_API_KEY=" + lm + "\nMY_DB_PASSWORD=" + own + "\n"));
        const QByteArray typed = "typed-token-value-91";
        const auto process = [](int pid, const QByteArray& command) {
            return QJsonObject{{QStringLiteral("user"), QStringLiteral("agent")},
                               {QStringLiteral("pid"), pid},
                               {QStringLiteral("mem"), 9.5},
                               {QStringLiteral("command"), QString::fromUtf8(command)}};
        };
        const QJsonObject snapshot{{QStringLiteral("timestamp"), QStringLiteral("2026-01-01T10:00:00Z")},
                                   {QStringLiteral("mem_used_pct"), 50},
                                   {QStringLiteral("process_count"), 2},
                                   {QStringLiteral("top_processes"), QJsonArray{process(7, "git push https://x:" + gh + "@github.com/o/r --key " + lm),
                                                                                process(8, "app token=" + typed + ", db=" + own)}}};
        const QJsonObject scan{
            {QStringLiteral("timestamp"), QStringLiteral("2026-01-01T10:00:05Z")},
            {QStringLiteral("status"), QStringLiteral("warning")},
            {QStringLiteral("expected_ports"), QJsonArray{QStringLiteral("3000")}},
            {QStringLiteral("unexpected"), QJsonArray{QJsonObject{{QStringLiteral("address"), QStringLiteral("0.0.0.0:5555")},
                                                                  {QStringLiteral("process"), QStringLiteral("nc ") + QString::fromUtf8(lm)}}}}};
        QVERIFY(appendBytes(logs + QStringLiteral("/resources.jsonl"), QJsonDocument(snapshot).toJson(QJsonDocument::Compact) + '\n'));
        QVERIFY(appendBytes(logs + QStringLiteral("/portscan.jsonl"), QJsonDocument(scan).toJson(QJsonDocument::Compact) + '\n'));
        const QList<QStringList> commands{{QStringLiteral("reports")},
                                          {QStringLiteral("--json"), QStringLiteral("reports")},
                                          {QStringLiteral("reports"), QStringLiteral("--alerts")},
                                          {QStringLiteral("--json"), QStringLiteral("reports"), QStringLiteral("--alerts")}};
        for (const QStringList& args : commands) {
            QProcess p;
            p.start(QStringLiteral(SANDBOX_CTL_PATH), QStringList{QStringLiteral("--sandbox"), dir.path()} + args);
            QVERIFY(p.waitForFinished(30000));
            QCOMPARE(p.exitCode(), 0);
            const QByteArray out = p.readAllStandardOutput();
            const QByteArray all = out + p.readAllStandardError();
            for (const QByteArray& secret : {gh, lm, own, typed})
                QVERIFY2(!all.contains(secret), qPrintable(args.join(u' ') + QStringLiteral(": ") + QString::fromUtf8(all)));
            QVERIFY2(out.contains("********"), qPrintable(args.join(u' ') + QStringLiteral(": ") + QString::fromUtf8(all)));
            if (args.first() == QLatin1String("--json"))
                for (const QByteArray& line : out.trimmed().split('\n'))
                    QVERIFY2(QJsonDocument::fromJson(line).isObject(), line.constData());
        }
        // The comma after a masked token= value stays.
        QByteArray out;
        QProcess p;
        p.start(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), dir.path(), QStringLiteral("--json"), QStringLiteral("reports"),
                                                   QStringLiteral("--kind"), QStringLiteral("resources")});
        QVERIFY(p.waitForFinished(30000));
        out = p.readAllStandardOutput();
        QVERIFY2(out.contains("app token=********, db=********"), out.constData());
    }

    void followPrintsAppends()
    {
        QProcess p;
        p.start(QStringLiteral(SANDBOX_CTL_PATH),
                {QStringLiteral("--sandbox"), m_dir.path(), QStringLiteral("--json"), QStringLiteral("reports"), QStringLiteral("--kind"),
                 QStringLiteral("resources"), QStringLiteral("--last"), QStringLiteral("1"), QStringLiteral("--follow")});
        QVERIFY(p.waitForStarted());
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got += p.readAllStandardOutput()).count('\n') >= 1, 10000);
        QVERIFY(appendBytes(logs() + QStringLiteral("/resources.jsonl"), resourceLine(1000)));
        QTRY_VERIFY_WITH_TIMEOUT((got += p.readAllStandardOutput()).count('\n') >= 2, 10000);
        QCOMPARE(QJsonDocument::fromJson(got.split('\n').at(1)).object().value(QLatin1String("seq")).toInt(), 1000);
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestReportsCli)
#include "test_reports_cli.moc"
