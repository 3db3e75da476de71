// Conformance of the panel's compose-file reading against compose itself, on scratch copies of
// both reference checkouts (docker-compose.yml untouched): published ports (ComposePorts on the
// raw file with the .env) and networks (ComposeModel, RestrictedStart) against the output of
// `compose config`, with every compose tool present here (v2 and v1).
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "core/compose/ComposeModel.h"
#include "core/compose/RestrictedStart.h"
#include "core/composefile/ComposePorts.h"
#include "core/settings/EnvValues.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <yaml-cpp/yaml.h>

namespace {
QStringList portSet(const QList<ComposePort>& ports)
{
    QStringList out;
    for (const ComposePort& p : ports)
        out << p.describe();
    out.sort();
    return out;
}

QList<QStringList> composeTools()
{
    QList<QStringList> tools;
    TestEngine::activate(); // DOCKER_CONFIG with the harness's v2 plugin
    if (runProgram(QStringLiteral("docker"), {QStringLiteral("compose"), QStringLiteral("version")}) == 0)
        tools << QStringList{QStringLiteral("docker"), QStringLiteral("compose")};
    if (runProgram(QStringLiteral("docker-compose"), {QStringLiteral("version")}) == 0)
        tools << QStringList{QStringLiteral("docker-compose")};
    return tools;
}

QStringList workspaceNetworks(const QByteArray& config)
{
    QStringList out;
    const YAML::Node nets = YAML::Load(config.toStdString())["services"]["workspace"]["networks"];
    for (const auto& n : nets)
        out << QString::fromStdString(nets.IsSequence() ? n.as<std::string>() : n.first.as<std::string>());
    out.sort();
    return out;
}
} // namespace

class TestConformanceCompose : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void portsAndNetworks_data()
    {
        QTest::addColumn<int>("source");
        QTest::newRow("sandbox (older)") << int(DemoSandbox::Source::ReferenceOlder);
        QTest::newRow("sandbox-latest") << int(DemoSandbox::Source::ReferenceLatest);
    }

    void portsAndNetworks()
    {
        QFETCH(int, source);
        const auto kind = DemoSandbox::Source(source);
        SANDBOX_REQUIRE_REFERENCE(DemoSandbox::referenceDir(kind));
        const QList<QStringList> tools = composeTools();
        QVERIFY2(!tools.isEmpty(), "neither `docker compose` nor `docker-compose` runs here");
        DemoSandbox copy(kind);
        QVERIFY2(copy.isValid(), qPrintable(copy.error()));
        QFile raw(copy.root() + QStringLiteral("/docker-compose.yml"));
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray yaml = raw.readAll();
        QFile reference(DemoSandbox::referenceDir(kind) + QStringLiteral("/docker-compose.yml"));
        QVERIFY(reference.open(QIODevice::ReadOnly));
        QCOMPARE(yaml, reference.readAll()); // untouched

        const EnvValues env = EnvValues::load(copy.checkout().envFile());
        QHash<QString, QString> values;
        for (const QString& k : env.keys())
            values.insert(k, env.value(k));
        values.insert(QStringLiteral("ACTIVE_PROJECT"), QStringLiteral("default_project"));
        QList<ComposePort> ours;
        QString error;
        QVERIFY2(ComposePorts::parse(yaml, values, &ours, &error), qPrintable(error));

        RestrictedStart::Plan plan;
        QVERIFY2(RestrictedStart::plan(yaml, &plan, &error), qPrintable(error));
        QCOMPARE(plan.networkKey, QStringLiteral("agent_network_restricted"));
        const bool latest = kind == DemoSandbox::Source::ReferenceLatest;
        QCOMPARE(plan.method, latest ? RestrictedStart::Method::WorkspaceNetworkVariable : RestrictedStart::Method::OverrideFile);
        QTemporaryDir state;
        plan.overrideFile = RestrictedStart::overridePath(state.path(), copy.root());
        QVERIFY2(RestrictedStart::writeOverride(yaml, plan, &error), qPrintable(error));

        for (const QStringList& tool : tools) {
            const QString name = tool.join(QLatin1Char(' '));
            QStringList cmd = tool;
            const QString program = cmd.takeFirst();
            QProcessEnvironment penv = QProcessEnvironment::systemEnvironment();
            penv.insert(QStringLiteral("ACTIVE_PROJECT"), QStringLiteral("default_project"));
            QString out;
            QCOMPARE(runProgram(program, cmd + QStringList{QStringLiteral("--profile"), QStringLiteral("local-llm"), QStringLiteral("config")}, &out, 60000,
                                copy.root(), penv),
                     0);
            QList<ComposePort> theirs;
            QVERIFY2(ComposePorts::parse(out.toUtf8(), {}, &theirs, &error), qPrintable(error + out));
            QCOMPARE(portSet(ours), portSet(theirs));
            qInfo("CONFORMANCE ports %s [%s]: %d published ports agree", QTest::currentDataTag(), qPrintable(name), int(ours.size()));

            // The restricted start: the internal network exists in compose's model and the workspace joins it.
            QStringList args = plan.composeFileArguments(copy.checkout().composeFile());
            QProcessEnvironment renv = penv;
            if (plan.method == RestrictedStart::Method::WorkspaceNetworkVariable)
                renv.insert(QStringLiteral("WORKSPACE_NETWORK"), plan.networkKey);
            QCOMPARE(runProgram(program, cmd + args + QStringList{QStringLiteral("--profile"), QStringLiteral("local-llm"), QStringLiteral("config")}, &out,
                                60000, copy.root(), renv),
                     0);
            ComposeModel model;
            QVERIFY2(ComposeModel::parse(out.toUtf8(), QStringLiteral("p"), &model, &error), qPrintable(error));
            QVERIFY2(model.restrictedNetwork() && model.restrictedNetwork()->key == plan.networkKey, qPrintable(out));
            const QStringList ws = workspaceNetworks(out.toUtf8());
            QVERIFY2(ws.contains(plan.networkKey), qPrintable(ws.join(QLatin1Char(','))));
            if (latest)
                QCOMPARE(ws, QStringList{plan.networkKey}); // only the internal one, as `make run-restricted`
            QCOMPARE(model.limits.value(QStringLiteral("workspace")).cpus, 1.0);
            // The .env's limit (the demo's, e.g. 1g), not the compose file's default.
            const QString mem = env.value(QStringLiteral("WORKSPACE_MEMORY_LIMIT")).toLower();
            const qint64 unit = mem.endsWith(QLatin1Char('g')) ? qint64(1) << 30 : qint64(1) << 20;
            QVERIFY2(mem.endsWith(QLatin1Char('g')) || mem.endsWith(QLatin1Char('m')), qPrintable(mem));
            QCOMPARE(model.limits.value(QStringLiteral("workspace")).memoryBytes, mem.chopped(1).toLongLong() * unit);
            qInfo("CONFORMANCE networks %s [%s]: workspace on %s", QTest::currentDataTag(), qPrintable(name), qPrintable(ws.join(QLatin1Char(','))));
        }
    }
};

QTEST_GUILESS_MAIN(TestConformanceCompose)
#include "test_conformance_compose.moc"
