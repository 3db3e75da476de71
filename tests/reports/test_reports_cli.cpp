// sandbox-ctl reports: newest N, kinds, JSON Lines (multi-line records compacted), text, follow.
#include "ReportTestUtil.h"

#include "SandboxTestPaths.h"
#include <QDir>
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
