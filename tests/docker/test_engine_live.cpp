// Integration: the client against the real engine.
#include "TestEngine.h"

#include "core/docker/EngineClient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <QVersionNumber>

class TestEngineLive : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionFromTheRealEngine()
    {
        SANDBOX_REQUIRE_ENGINE();
        EngineClient client;
        const EngineReply r = client.version();
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        const QJsonObject o = r.json().object();
        QVERIFY(!o.value(QStringLiteral("Version")).toString().isEmpty());
        const auto server = QVersionNumber::fromString(o.value(QStringLiteral("ApiVersion")).toString());
        const auto ours = QVersionNumber::fromString(EngineClient::maxApiVersion());
        QCOMPARE(client.apiVersion(), (server < ours ? server : ours).toString());
        // The engine version learnt while negotiating (from the ping) is the one /version states.
        QCOMPARE(client.serverVersion(), o.value(QStringLiteral("Version")).toString());
        // A prefixed query works and a nonexistent project has no containers.
        const EngineReply list = client.listProjectContainers(QStringLiteral("no-such-project-xyz"));
        QVERIFY2(list.ok(), qPrintable(list.describe()));
        QVERIFY(list.json().isArray());
        QCOMPARE(list.json().array().size(), 0);
        const EngineReply missing = client.inspectContainer(QStringLiteral("no-such-container-xyz"));
        QCOMPARE(missing.status, 404);
    }
};

QTEST_GUILESS_MAIN(TestEngineLive)
#include "test_engine_live.moc"
