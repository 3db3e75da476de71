#include "docker/EngineClient.h"
#include "posture/PostureMonitor.h"
#include "posture/PostureView.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>
#include <QtTest>

class TestPostureView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unreachableEngineIsShownPlainly()
    {
        // An engine endpoint nobody listens on: the view must say why it cannot audit.
        const auto endpoint = EngineEndpoint::parse(QStringLiteral("unix:///nonexistent/docker.sock"));
        QVERIFY(endpoint.has_value());
        EngineClient engine(*endpoint);
        PostureMonitor monitor(Checkout(QStringLiteral(SANDBOX_REFERENCE_DIR)), engine);
        PostureView view(monitor);
        auto* summary = view.findChild<QLabel*>(QStringLiteral("postureSummary"));
        QCOMPARE(summary->text(), QStringLiteral("Not audited yet"));
        QSignalSpy updated(&monitor, &PostureMonitor::updated);
        QTest::mouseClick(view.findChild<QPushButton*>(QStringLiteral("postureRerun")), Qt::LeftButton);
        QVERIFY(updated.wait(10000));
        QVERIFY2(summary->text().startsWith(QLatin1String("Cannot audit:")), qPrintable(summary->text()));
        QCOMPARE(view.findChild<QTreeWidget*>(QStringLiteral("postureTable"))->topLevelItemCount(), 0);
    }

    void rowsShowResultsAndNewFailuresAreAnnounced()
    {
        const auto endpoint = EngineEndpoint::parse(QStringLiteral("unix:///nonexistent/docker.sock"));
        EngineClient engine(*endpoint);
        PostureMonitor monitor(Checkout(QStringLiteral(SANDBOX_REFERENCE_DIR)), engine);
        PostureView view(monitor);
        QSignalSpy failed(&monitor, &PostureMonitor::controlFailed);
        QList<ControlResult> results{{QStringLiteral("read_only_root"), ControlStatus::Pass, QStringLiteral("read-only"), QStringLiteral("p")},
                                     {QStringLiteral("egress"), ControlStatus::Fail, QStringLiteral("open network"), QStringLiteral("p")}};
        monitor.apply(results, {});
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("egress"));
        monitor.apply(results, {}); // still failing: not announced again
        QCOMPARE(failed.count(), 1);
        auto* table = view.findChild<QTreeWidget*>(QStringLiteral("postureTable"));
        QCOMPARE(table->topLevelItemCount(), 2);
        QCOMPARE(table->topLevelItem(1)->text(1), QStringLiteral("FAIL"));
        QCOMPARE(view.findChild<QLabel*>(QStringLiteral("postureSummary"))->text(), QStringLiteral("1/2 controls pass — 1 failing"));
        view.resize(900, 300);
        view.grab().save(QStringLiteral("/tmp/posture.png"));
    }
};

QTEST_MAIN(TestPostureView)
#include "test_posture_view.moc"
