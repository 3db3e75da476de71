// Unit tests of what differs between checkout kinds: the restricted-start plan (override file
// or WORKSPACE_NETWORK), pre-flight checks, the stack advice, model profiles and .env creation.
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "core/checkout/Checkout.h"
#include "core/checkout/ModelProfiles.h"
#include "core/compose/ComposeModel.h"
#include "core/compose/ModelServer.h"
#include "core/compose/Preflight.h"
#include "core/compose/RestrictedStart.h"
#include "core/compose/StackAdvice.h"

#include "SandboxTestPaths.h"
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QByteArray kOlder = R"(services:
  workspace:
    networks:
      - agent_network
  llm-backend:
    networks:
      - agent_network
networks:
  agent_network:
    driver: bridge
  agent_network_restricted:
    driver: bridge
    internal: true
)";

bool writeFile(const QString& path, const QByteArray& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QJsonObject container(const QStringList& networks, bool published)
{
    QJsonObject nets;
    for (const QString& n : networks)
        nets.insert(n, QJsonObject{{QStringLiteral("NetworkID"), n}});
    QJsonObject ports;
    if (published)
        ports.insert(QStringLiteral("3000/tcp"),
                     QJsonArray{QJsonObject{{QStringLiteral("HostIp"), QStringLiteral("127.0.0.1")}, {QStringLiteral("HostPort"), QStringLiteral("3000")}}});
    else
        ports.insert(QStringLiteral("3000/tcp"), QJsonValue());
    return {{QStringLiteral("NetworkSettings"), QJsonObject{{QStringLiteral("Networks"), nets}, {QStringLiteral("Ports"), ports}}}};
}
} // namespace

class TestCheckoutKindsUnit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void olderCheckoutGetsAnOverride()
    {
        RestrictedStart::Plan plan;
        QString error;
        QVERIFY2(RestrictedStart::plan(kOlder, &plan, &error), qPrintable(error));
        QCOMPARE(plan.method, RestrictedStart::Method::OverrideFile);
        QCOMPARE(plan.networkKey, QStringLiteral("agent_network_restricted"));
        QTemporaryDir state;
        plan.overrideFile = RestrictedStart::overridePath(state.path(), QStringLiteral("/srv/my checkout"));
        QVERIFY(plan.overrideFile.startsWith(state.path()));
        QVERIFY(RestrictedStart::writeOverride(kOlder, plan, &error));
        QFile f(plan.overrideFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("  workspace:\n    networks:\n      - agent_network_restricted"));
        QVERIFY(text.contains("  llm-backend:\n    networks:\n      - agent_network_restricted"));
        QCOMPARE(plan.composeFileArguments(QStringLiteral("/c/docker-compose.yml")),
                 (QStringList{QStringLiteral("-f"), QStringLiteral("/c/docker-compose.yml"), QStringLiteral("-f"), plan.overrideFile}));
    }

    void currentCheckoutUsesTheVariable()
    {
        QByteArray latest = kOlder;
        latest.replace("    networks:\n      - agent_network\n  llm-backend", "    networks:\n      - ${WORKSPACE_NETWORK:-agent_network}\n  llm-backend");
        RestrictedStart::Plan plan;
        QVERIFY(RestrictedStart::plan(latest, &plan, nullptr));
        QCOMPARE(plan.method, RestrictedStart::Method::WorkspaceNetworkVariable);
        QVERIFY(plan.composeFileArguments(QStringLiteral("x")).isEmpty());
    }

    void noInternalNetworkIsAClearError()
    {
        RestrictedStart::Plan plan;
        QString error;
        QVERIFY(!RestrictedStart::plan("services:\n  workspace: {}\nnetworks:\n  a: {}\n", &plan, &error));
        QVERIFY2(error.contains(QStringLiteral("no internal network")), qPrintable(error));
        QVERIFY(!RestrictedStart::plan("services: [unclosed", &plan, &error));
    }

    void preflightRefusesMoreCpusThanTheEngineHas()
    {
        ComposeModel model;
        QVERIFY(ComposeModel::parse("services:\n  workspace:\n    cpus: 4\n    mem_limit: 8g\n", QStringLiteral("p"), &model, nullptr));
        const QJsonObject info{{QStringLiteral("NCPU"), 2}, {QStringLiteral("MemTotal"), 2.0 * 1024 * 1024 * 1024}};
        const Preflight::Result r = Preflight::limits(model, info, {QStringLiteral("workspace")});
        QCOMPARE(r.errors.size(), 1);
        QVERIFY2(r.errors.first().startsWith(QStringLiteral("WORKSPACE_CPUS:")) && r.errors.first().contains(QStringLiteral("0.01 to 2.00")),
                 qPrintable(r.errors.first()));
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY(r.warnings.first().startsWith(QStringLiteral("WORKSPACE_MEMORY_LIMIT:")));
        QVERIFY(ComposeModel::parse("services:\n  workspace:\n    cpus: 1.5\n    mem_limit: \"268435456\"\n", QStringLiteral("p"), &model, nullptr));
        QVERIFY(Preflight::limits(model, info, {QStringLiteral("workspace")}).errors.isEmpty());
        QCOMPARE(model.limits.value(QStringLiteral("workspace")).memoryBytes, qint64(268435456));
    }

    void preflightNeedsAgentsMd()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("new_project.sh")), "if [ ! -f \"AGENTS.md\" ]; then exit 1; fi\nM=\"$(jq -r '.model_id' f)\"\n"));
        Preflight::Result r = Preflight::projectScript(dir.path());
        QVERIFY(!r.errors.isEmpty());
        QVERIFY(r.errors.first().startsWith(QStringLiteral("AGENTS.md:")));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("AGENTS.md")), {}));
        r = Preflight::projectScript(dir.path());
        QVERIFY2(r.errors.isEmpty() || r.errors.first().startsWith(QStringLiteral("jq:")), qPrintable(r.errors.join(QLatin1Char('\n'))));
    }

    void adviceWhenTheModelServerIsOnAnotherNetwork()
    {
        StackAdvisor::Facts facts;
        facts.workspace = container({QStringLiteral("p_agent_network_restricted")}, false);
        facts.modelServer = container({QStringLiteral("p_agent_network")}, true);
        facts.internal = {{QStringLiteral("p_agent_network_restricted"), true}, {QStringLiteral("p_agent_network"), false}};
        EnvValues env = EnvValues::parse("LLM_SOURCE=ollama_docker\n");
        QList<StackAdvice> advice = StackAdvisor::evaluate(facts, env);
        QCOMPARE(advice.size(), 2);
        QCOMPARE(advice[0].id, QStringLiteral("model-reach"));
        QVERIFY(advice[0].text.contains(QStringLiteral("shares no network")));
        QCOMPARE(advice[1].id, QStringLiteral("no-host-port"));
        QCOMPARE(StackAdvisor::warningLines(advice).size(), 1);
        // shared network: no model-reach warning; published port: no note
        facts.modelServer = container({QStringLiteral("p_agent_network"), QStringLiteral("p_agent_network_restricted")}, true);
        facts.workspace = container({QStringLiteral("p_agent_network_restricted")}, true);
        QVERIFY(StackAdvisor::evaluate(facts, env).isEmpty());
        // a model server on the LAN: no route out at all
        advice = StackAdvisor::evaluate(facts, EnvValues::parse("LLM_SOURCE=lm_studio\nLLM_HOST=192.168.1.3\nLLM_PORT=1234\n"));
        QCOMPARE(advice.size(), 1);
        QVERIFY(advice[0].text.contains(QStringLiteral("192.168.1.3:1234")) && advice[0].text.contains(QStringLiteral("no route out")));
        // full egress: nothing to say
        facts.internal[QStringLiteral("p_agent_network_restricted")] = false;
        QVERIFY(StackAdvisor::evaluate(facts, env).isEmpty());
    }

    void profilesOfTheCurrentCheckout()
    {
        const QString latest = DemoSandbox::referenceDir(DemoSandbox::Source::ReferenceLatest);
        SANDBOX_REQUIRE_REFERENCE(latest);
        const QList<ModelProfile> list = ModelProfiles::list(latest);
        QCOMPARE(list.size(), 3);
        QCOMPARE(list.first().name, QStringLiteral("gemma-4-e4b"));
        QCOMPARE(list.first().model, QStringLiteral("google/gemma-4-e4b"));
        QCOMPARE(list.first().context, qint64(131072));
        QVERIFY(ModelProfiles::list(DemoSandbox::referenceDir(DemoSandbox::Source::ReferenceOlder)).isEmpty());
        const EnvValues env = EnvValues::parse("MODEL_PROFILE=gemma-4-e4b\nLM_STUDIO_MODEL=other\nLLM_HOST=192.168.1.3\nLLM_PORT=1234\n");
        QCOMPARE(ModelServer::expectedModel(env, latest), QStringLiteral("google/gemma-4-e4b"));
        QCOMPARE(ModelServer::modelsUrl(env), QStringLiteral("http://192.168.1.3:1234/v1/models"));
        QCOMPARE(ModelServer::modelsUrl(EnvValues::parse("LLM_SOURCE=fastflow_amd\n")), QStringLiteral("http://localhost:52625/v1/models"));

        // `sandbox-ctl profiles` lists the same three
        QString out;
        QCOMPARE(
            runProgram(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), latest, QStringLiteral("--json"), QStringLiteral("profiles")}, &out), 0);
        const QJsonArray profiles = QJsonDocument::fromJson(out.section(QLatin1Char('\n'), 0, 0).toUtf8()).object().value(QStringLiteral("profiles")).toArray();
        QCOMPARE(profiles.size(), 3);
        QCOMPARE(profiles.at(2).toObject().value(QStringLiteral("model")).toString(), QStringLiteral("qwen/qwen3.5-9b"));
        QCOMPARE(profiles.at(2).toObject().value(QStringLiteral("context")).toInt(), 262144);
    }

    void envFromExampleIsMode600AndNeverOverwrites()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral(".env.example")), "PROJECT_NAME=x\n"));
        const Checkout checkout(dir.path());
        QVERIFY(checkout.needsEnvFromExample());
        QString error;
        QVERIFY2(checkout.createEnvFromExample(&error), qPrintable(error));
        const QFileDevice::Permissions ownerGroupOther(0x7077); // without the "user" duplicates of the owner bits
        QCOMPARE(QFile::permissions(checkout.envFile()) & ownerGroupOther, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY(!checkout.needsEnvFromExample());
        QVERIFY(!checkout.createEnvFromExample(&error));
        QVERIFY(error.contains(QStringLiteral("already exists")));
    }
};

QTEST_GUILESS_MAIN(TestCheckoutKindsUnit)
#include "test_checkout_kinds_unit.moc"
