// Change and audit line land together or not at all (defect 6): when logs/ cannot be created or
// the audit file cannot be written, `allowlist add` exits non-zero, the allowlist is untouched,
// and a later review does not hide anything. Outside edits are visible before any first change
// (defect 10).
#include "ScratchCheckout.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

class TestAllowlistAuditAtomic : public QObject {
    Q_OBJECT
    static QStringList add(const QString& port)
    {
        return {QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("add"), port, QStringLiteral("--yes")};
    }

    void check(const ScratchCheckout& c, const QByteArray& expectedError)
    {
        const QByteArray before = ScratchCheckout::bytes(c.ports());
        const CtlRun r = c.ctl(add(QStringLiteral("20001")));
        QCOMPARE(r.code, 5);
        QVERIFY2(r.err.contains("not applied") && r.err.contains(expectedError), r.err.constData());
        QVERIFY(!r.out.contains("Applied"));
        QCOMPARE(ScratchCheckout::bytes(c.ports()), before);
        const CtlRun list = c.ctl({QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("list")});
        QVERIFY(!list.out.contains("20001"));
    }

private Q_SLOTS:
    // Defect 6a: logs/ cannot be created (a file is in its place): the entry was added anyway.
    void changeAppliedWithoutAuditWhenLogsCannotBeCreated()
    {
        ScratchCheckout c;
        QVERIFY2(c.error().isEmpty(), qPrintable(c.error()));
        QVERIFY(ScratchCheckout::write(c.path(QStringLiteral("logs")), "not a folder\n"));
        check(c, "cannot create");
    }

    // Defect 6b: the audit file cannot be written (a directory in its place).
    void changeAppliedWithoutAuditWhenAuditNotWritable()
    {
        ScratchCheckout c;
        QVERIFY2(c.error().isEmpty(), qPrintable(c.error()));
        QVERIFY(QDir().mkpath(c.audit()));
        check(c, "audit trail cannot be written");
    }

    // After the failure is fixed, the change applies and is audited once.
    void appliesOnceTheAuditWorks()
    {
        ScratchCheckout c;
        QVERIFY(QDir().mkpath(c.audit()));
        QCOMPARE(c.ctl(add(QStringLiteral("20001"))).code, 5);
        QVERIFY(QDir(c.audit()).removeRecursively());
        const CtlRun r = c.ctl(add(QStringLiteral("20001")));
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(ScratchCheckout::bytes(c.audit()).count('\n'), 1);
        QVERIFY(ScratchCheckout::bytes(c.ports()).contains("\n20001\n"));
    }

    // Defect 10: with no reviewed state saved yet (no logs/), `review` said "No changes" after
    // an outside edit, although nothing was ever reviewed.
    void outsideEditsInvisibleBeforeFirstChange()
    {
        ScratchCheckout c;
        QVERIFY(!QFileInfo::exists(c.path(QStringLiteral("logs"))));
        QByteArray ports = ScratchCheckout::bytes(c.ports());
        ports.append("20001\n");
        QVERIFY(ScratchCheckout::write(c.ports(), ports));
        CtlRun r = c.ctl({QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("review")});
        QCOMPARE(r.code, 4); // shown, and waiting for a confirmation
        QVERIFY2(!r.out.contains("No changes"), r.out.constData());
        QVERIFY2(r.out.contains("  + 20001") && r.out.contains("Never reviewed"), r.out.constData());
        r = c.ctl({QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("list")});
        QVERIFY2(r.err.contains("never reviewed"), r.err.constData());
        r = c.ctl({QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("review"), QStringLiteral("--yes")});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(ScratchCheckout::bytes(c.audit()).count('\n'), 1);
        r = c.ctl({QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("review")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("No changes"));
    }
};

QTEST_GUILESS_MAIN(TestAllowlistAuditAtomic)
#include "test_allowlist_audit_atomic.moc"
