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
};

QTEST_GUILESS_MAIN(TestAllowlistEngine)
#include "test_allowlist_engine.moc"
