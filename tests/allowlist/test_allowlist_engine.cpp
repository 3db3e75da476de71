// Rebuild/restart needed against the real engine: the demo stack is up, an approved apt change
// needs a rebuild and a port change a restart until `up -d --build` makes a newer image and
// container.
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "core/allowlist/Allowlists.h"
#include "core/docker/EngineClient.h"

#include <QSignalSpy>
#include <QtTest>

class TestAllowlistEngine : public QObject {
    Q_OBJECT
    /// Asks the engine for the workspace times and waits for them.
    static QString describe(const Allowlists& a)
    {
        const WorkspaceTimes& t = a.workspaceTimes();
        return QStringLiteral("container %1, image %2, apt change %3, port change %4, error '%5', image id %6")
            .arg(t.containerCreated.toString(Qt::ISODateWithMs), t.imageCreated.toString(Qt::ISODateWithMs),
                 a.changedAt(AllowlistKind::Apt).toString(Qt::ISODateWithMs), a.changedAt(AllowlistKind::Port).toString(Qt::ISODateWithMs), t.error, t.imageId);
    }
    static bool refresh(Allowlists& a, EngineClient& engine)
    {
        QSignalSpy spy(&a, &Allowlists::changed);
        a.refreshWorkspaceTimes(engine);
        return spy.wait(20000);
    }

private Q_SLOTS:
    void rebuildAndRestartNeeded()
    {
        SANDBOX_REQUIRE_ENGINE();
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        QVERIFY2(demo.up(), qPrintable(demo.error()));
        EngineClient engine;
        Allowlists a(demo.checkout());
        QVERIFY(a.load());
        QVERIFY(refresh(a, engine));
        QCOMPARE(a.pending().rebuildNeeded, false);
        QCOMPARE(a.pending().restartNeeded, false);

        QVERIFY(a.apply(a.proposeAdd(AllowlistKind::Apt, {QStringLiteral("cowsay")}), QStringLiteral("engine test")).ok());
        QVERIFY(refresh(a, engine));
        qInfo("after apt change: %s", qPrintable(describe(a)));
        QVERIFY(a.pending().rebuildNeeded);
        QVERIFY(a.stateLabels(AllowlistKind::Apt).contains(QStringLiteral("rebuild needed")));
        QCOMPARE(a.pending().restartNeeded, false);

        QVERIFY(a.apply(a.proposeAdd(AllowlistKind::Port, {QStringLiteral("60123")}), QStringLiteral("engine test")).ok());
        QVERIFY(refresh(a, engine));
        QVERIFY(a.pending().restartNeeded);
        QVERIFY(a.attention().contains(
            QStringLiteral("restart needed: the port allowlist changed after the workspace container was created; restart the stack (Restart)")));

        // The image copies the apt list: `up -d --build` builds a newer image and recreates the container.
        QVERIFY2(demo.up(), qPrintable(demo.error()));
        QVERIFY(refresh(a, engine));
        QVERIFY2(!a.pending().rebuildNeeded, qPrintable(describe(a)));
        QVERIFY2(!a.pending().restartNeeded, qPrintable(describe(a)));
        QCOMPARE(a.stateLabels(AllowlistKind::Apt), QStringList{QStringLiteral("reviewed")});
    }

    /// Issue 21: a container recreated within the same second as the port change is not older
    /// than the change. The container list's whole-second Created (18:23:30.000 against a change
    /// at 18:23:30.280) said it was; the inspect's nanoseconds say it is not. A recreation takes
    /// about half a second, so it lands in the change's second on most tries: each try must
    /// read "no restart needed", and at least one must have been in the same second.
    void containerRecreatedInTheChangesSecond()
    {
        SANDBOX_REQUIRE_ENGINE();
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        QVERIFY2(demo.up(), qPrintable(demo.error()));
        EngineClient engine;
        Allowlists a(demo.checkout());
        QVERIFY(a.load());
        const QStringList recreate{
            QStringLiteral("up"), QStringLiteral("-d"), QStringLiteral("--no-deps"), QStringLiteral("--no-build"), QStringLiteral("--force-recreate"),
            QStringLiteral("-t"), QStringLiteral("0"),  QStringLiteral("workspace")};
        int sameSecond = 0;
        for (int attempt = 0; attempt < 10 && sameSecond == 0; ++attempt) {
            QVERIFY(a.apply(a.proposeAdd(AllowlistKind::Port, {QString::number(60200 + attempt)}), QStringLiteral("engine test")).ok());
            QVERIFY(refresh(a, engine));
            QVERIFY2(a.pending().restartNeeded, qPrintable(describe(a))); // the running container predates the change
            const QDateTime change = a.changedAt(AllowlistKind::Port);
            QString out;
            QVERIFY2(demo.compose(recreate, &out) == 0, qPrintable(out));
            QVERIFY(refresh(a, engine));
            const QDateTime created = a.workspaceTimes().containerCreated;
            qInfo("try %d: %s", attempt, qPrintable(describe(a)));
            QVERIFY2(created >= change, qPrintable(describe(a)));
            QVERIFY2(!a.pending().restartNeeded, qPrintable(describe(a)));
            QVERIFY(!a.stateLabels(AllowlistKind::Port).contains(QStringLiteral("restart needed")));
            if (created.toSecsSinceEpoch() == change.toSecsSinceEpoch())
                ++sameSecond;
        }
        QVERIFY2(sameSecond > 0, "no recreation landed in the change's second in 10 tries");
    }
};

QTEST_GUILESS_MAIN(TestAllowlistEngine)
#include "test_allowlist_engine.moc"
