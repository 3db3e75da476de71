// The Posture view and the live monitor, offscreen: rows from a real evaluation of recorded
// inspect output, the summary line, the Re-run button, re-audits on .env changes and container
// starts, and one announcement per newly failing control.
#include "core/allowlist/Allowlists.h"
#include "core/docker/EngineClient.h"
#include "core/posture/PostureMonitor.h"
#include "core/settings/EnvValues.h"
#include "core/settings/Settings.h"
#include "ui/posture/PostureView.h"

#include "SandboxSourceDir.h"
#include "SandboxTestPaths.h"
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

namespace {
QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing file %s", qPrintable(path));
    return f.readAll();
}

QJsonObject fixture(const QString& name)
{
    return QJsonDocument::fromJson(readFile(QStringLiteral(POSTURE_FIXTURES "/") + name)).object();
}

/// The recorded demo brought up by plain compose with NETWORK_EGRESS=restricted (egress fails),
/// plus a .env edit not applied yet (drift warns).
QList<ControlResult> recordedResults()
{
    PostureInput in;
    in.container = fixture(QStringLiteral("workspace-restricted-inspect.json"));
    QJsonObject ns = in.container.value(QLatin1String("NetworkSettings")).toObject();
    ns.insert(QStringLiteral("Networks"), QJsonObject{{QStringLiteral("posturedemo_agent_network"), QJsonObject{}}});
    in.container.insert(QStringLiteral("NetworkSettings"), ns);
    in.networks.insert(QStringLiteral("posturedemo_agent_network"), fixture(QStringLiteral("network-posturedemo_agent_network.json")));
    const EnvValues env = EnvValues::parse(readFile(QStringLiteral(POSTURE_FIXTURES "/demo-env.txt")));
    for (const QString& key : env.keys())
        in.env.insert(key, env.value(key));
    in.env.insert(QStringLiteral("OPERATION_MODE"), QStringLiteral("conductor"));
    in.checkoutDir = QStringLiteral("/tmp/posture-demo");
    in.seccompProfileJson = QString::fromUtf8(readFile(QStringLiteral(SANDBOX_SOURCE_DIR "/resources/demo-sandbox/config/seccomp-workspace.json")));
    return PostureAudit::evaluate(in);
}

std::unique_ptr<EngineClient> deadEngine()
{
    const auto endpoint = EngineEndpoint::parse(QStringLiteral("unix:///nonexistent/docker.sock"));
    return std::make_unique<EngineClient>(*endpoint);
}

ControlResult withStatus(ControlResult r, ControlStatus s)
{
    r.status = s;
    return r;
}
} // namespace

class TestPostureView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unreachableEngineIsShownPlainly()
    {
        auto engine = deadEngine();
        PostureMonitor monitor(Checkout(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT)), *engine);
        PostureView view(monitor);
        auto* summary = view.findChild<QLabel*>(QStringLiteral("postureSummary"));
        auto* rerun = view.findChild<QPushButton*>(QStringLiteral("postureRerun"));
        auto* table = view.findChild<QTreeWidget*>(QStringLiteral("postureTable"));
        QCOMPARE(summary->text(), QStringLiteral("Not audited yet"));
        QCOMPARE(table->topLevelItemCount(), 0);
        QSignalSpy updated(&monitor, &PostureMonitor::updated);
        QTest::mouseClick(rerun, Qt::LeftButton);
        QVERIFY(!rerun->isEnabled()); // until the run reports back
        QVERIFY(updated.wait(10000));
        QVERIFY(rerun->isEnabled());
        QVERIFY2(summary->text().startsWith(QLatin1String("Cannot audit:")), qPrintable(summary->text()));
        QVERIFY2(summary->text().contains(QLatin1String("/nonexistent/docker.sock")), qPrintable(summary->text()));
        QCOMPARE(table->topLevelItemCount(), 18); // every control listed, none claimed
        for (int i = 0; i < 17; ++i)
            QCOMPARE(table->topLevelItem(i)->text(1), QStringLiteral("UNKNOWN"));
    }

    void rowsShowRecordedResults()
    {
        auto engine = deadEngine();
        PostureMonitor monitor(Checkout(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT)), *engine);
        PostureView view(monitor);
        monitor.apply(recordedResults(), {});
        auto* table = view.findChild<QTreeWidget*>(QStringLiteral("postureTable"));
        QCOMPARE(table->topLevelItemCount(), 18);
        QCOMPARE(view.findChild<QLabel*>(QStringLiteral("postureSummary"))->text(), QStringLiteral("16/18 controls pass — 1 failing, 1 warning(s)"));
        QTreeWidgetItem* egress = table->topLevelItem(12);
        QCOMPARE(egress->text(0), QStringLiteral("egress"));
        QCOMPARE(egress->text(1), QStringLiteral("FAIL"));
        QVERIFY(egress->text(2).contains(QLatin1String("non-internal posturedemo_agent_network")));
        QVERIFY(egress->text(3).contains(QLatin1String("internal-only Docker network")));
        QCOMPARE(table->topLevelItem(17)->text(1), QStringLiteral("WARN"));
        // Status icons differ by shape, not only colour: compare their alpha masks.
        auto shape = [](const QIcon& icon) { return icon.pixmap(32, 32).toImage().convertToFormat(QImage::Format_Alpha8); };
        const QImage pass = shape(table->topLevelItem(0)->icon(1));
        const QImage fail = shape(egress->icon(1));
        const QImage warn = shape(table->topLevelItem(17)->icon(1));
        QVERIFY(!pass.isNull() && !fail.isNull() && !warn.isNull());
        QVERIFY(pass != fail && pass != warn && fail != warn);

        view.resize(1280, 560);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.grab().save(QStringLiteral("/tmp/posture.png")));
    }

    // Open egress where restricted was asked: a Restrict-now button that asks once, and goes
    // away when the control passes again.
    void restrictNowWhileEgressFails()
    {
        auto engine = deadEngine();
        PostureMonitor monitor(Checkout(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT)), *engine);
        PostureView view(monitor);
        view.show();
        auto* button = view.findChild<QPushButton*>(QStringLiteral("postureRestrictNow"));
        QVERIFY(button && !button->isVisible());
        QList<ControlResult> results = recordedResults();
        monitor.apply(results, {});
        QVERIFY(button->isVisible() && button->isEnabled());
        QSignalSpy asked(&view, &PostureView::restrictRequested);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(asked.size(), 1);
        QVERIFY(!button->isEnabled()); // no second request while the first runs
        for (ControlResult& r : results)
            if (r.id == QLatin1String("egress"))
                r = withStatus(r, ControlStatus::Pass);
        monitor.apply(results, {});
        QVERIFY(!button->isVisible());
    }

    void newFailuresAreAnnouncedOnce()
    {
        auto engine = deadEngine();
        PostureMonitor monitor(Checkout(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT)), *engine);
        QSignalSpy failed(&monitor, &PostureMonitor::controlFailed);
        QList<ControlResult> results = recordedResults();
        monitor.apply(results, {});
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("egress"));
        monitor.apply(results, {});                            // still failing: not announced again
        monitor.apply({}, QStringLiteral("engine went away")); // a run that cannot audit forgets nothing
        monitor.apply(results, {});
        QCOMPARE(failed.count(), 1);
        results[0] = withStatus(results[0], ControlStatus::Fail);   // read_only_root breaks
        results[12] = withStatus(results[12], ControlStatus::Pass); // egress fixed
        monitor.apply(results, {});
        QCOMPARE(failed.count(), 2);
        QCOMPARE(failed.at(1).at(0).toString(), QStringLiteral("read_only_root"));
        results[12] = withStatus(results[12], ControlStatus::Fail); // egress breaks again
        monitor.apply(results, {});
        QCOMPARE(failed.count(), 3);
        QCOMPARE(failed.at(2).at(0).toString(), QStringLiteral("egress"));
    }

    void reauditsOnEnvChangeAndContainerStart()
    {
        QTemporaryDir dir;
        QFile env(dir.filePath(QStringLiteral(".env")));
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write("COMPOSE_PROJECT_NAME=postureview\nNETWORK_EGRESS=restricted\n");
        env.close();
        auto engine = deadEngine();
        const Checkout checkout(dir.path());
        PostureMonitor monitor{checkout, *engine};
        // The owners of .env and the allowlists watch them; the monitor follows them.
        Settings settings(checkout.envFile(), checkout.root());
        QVERIFY(settings.load());
        settings.setWatching(true);
        Allowlists allowlists(checkout);
        QVERIFY(allowlists.load());
        allowlists.setWatching(true);
        monitor.followFiles(settings, allowlists);
        QSignalSpy updated(&monitor, &PostureMonitor::updated);
        monitor.start();
        QVERIFY(updated.wait(10000)); // the first run
        const int afterStart = int(updated.count());

        // An atomic replace (new inode) of .env, as the settings editor saves it.
        QFile replacement(dir.filePath(QStringLiteral(".env.new")));
        QVERIFY(replacement.open(QIODevice::WriteOnly));
        replacement.write("COMPOSE_PROJECT_NAME=postureview\nNETWORK_EGRESS=full\n");
        replacement.close();
        QVERIFY(QFile::remove(env.fileName()));
        QVERIFY(QFile::rename(replacement.fileName(), env.fileName()));
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() > afterStart, 10000);

        // ... and again after the replace (the watch was re-armed).
        const int afterEdit = int(updated.count());
        QVERIFY(env.open(QIODevice::Append));
        env.write("OPERATION_MODE=interactive\n");
        env.close();
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() > afterEdit, 10000);

        // A change the panel writes itself.
        const int afterOutside = int(updated.count());
        QVERIFY(settings.setEgress(Egress::Restricted).ok());
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() > afterOutside, 10000);

        const int beforeStart = int(updated.count());
        monitor.containerStarted();
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() > beforeStart, 10000);
        QVERIFY(!monitor.lastError().isEmpty());
        QVERIFY(monitor.lastRun().isValid());
    }
};

QTEST_MAIN(TestPostureView)
#include "test_posture_view.moc"
