// The demo sandbox on the real engine with the real compose tool: up, healthy (seen through the
// Engine API), reports written, down.
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "core/docker/EngineClient.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

class TestDemoStack : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { SANDBOX_REQUIRE_ENGINE(); }

    void upHealthyDown()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        QVERIFY2(demo.up(), qPrintable(demo.error()));

        EngineClient engine;
        auto health = [&] {
            const EngineReply r = engine.inspectContainer(demo.workspaceContainer());
            return r.ok() ? r.json()
                                .object()
                                .value(QLatin1String("State"))
                                .toObject()
                                .value(QLatin1String("Health"))
                                .toObject()
                                .value(QLatin1String("Status"))
                                .toString()
                          : r.describe();
        };
        QTRY_COMPARE_WITH_TIMEOUT(health(), QStringLiteral("healthy"), 60000);

        const EngineReply list = engine.listProjectContainers(demo.projectName());
        QVERIFY2(list.ok(), qPrintable(list.describe()));
        QStringList services;
        for (const QJsonValue& c : list.json().array())
            services << c.toObject().value(QLatin1String("Labels")).toObject().value(QLatin1String("com.docker.compose.service")).toString();
        services.sort();
        QCOMPARE(services, (QStringList{QStringLiteral("llm-backend"), QStringLiteral("workspace")}));

        // The workspace serves HTTP on its published OPENCODE_PORT, on loopback only.
        const QJsonObject inspect = engine.inspectContainer(demo.workspaceContainer()).json().object();
        const QJsonArray binding = inspect.value(QLatin1String("HostConfig"))
                                       .toObject()
                                       .value(QLatin1String("PortBindings"))
                                       .toObject()
                                       .value(QStringLiteral("%1/tcp").arg(demo.port(QStringLiteral("OPENCODE_PORT"))))
                                       .toArray();
        QCOMPARE(binding.first().toObject().value(QLatin1String("HostIp")).toString(), QStringLiteral("127.0.0.1"));

        // With the monitoring flags on, the reports arrive in the project's logs folder.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(demo.projectLogsDir() + QStringLiteral("/resources.jsonl")).size() > 0, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(demo.projectLogsDir() + QStringLiteral("/portscan.jsonl")).size() > 0, 30000);

        QVERIFY2(demo.down(), qPrintable(demo.error()));
        const EngineReply after = engine.listProjectContainers(demo.projectName());
        QVERIFY(after.ok());
        QCOMPARE(after.json().array().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDemoStack)
#include "test_demo_stack.moc"
