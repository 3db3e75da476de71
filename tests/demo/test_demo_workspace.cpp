// Integration: the demo workspace runs the real OpenCode on the real engine. Web mode serves
// OpenCode's web UI on 127.0.0.1:OPENCODE_PORT and a stop ends it with 143; an autonomous run
// writes the file of the stand-in model's scripted tool call into the project and exits 0;
// conductor mode's MCP bridge answers `initialize`, lists delegate_task and hands it to
// `opencode serve`; the stand-in model server answers like Ollama (`ollama list`, /api/tags).
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "core/docker/EngineClient.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QtTest>

namespace {
struct HttpResult {
    int status = 0;
    QByteArray body;
};

/// One request to \a url (POST with \a json when given); status 0 when it did not answer.
HttpResult http(const QString& url, const QByteArray& json = {}, int timeoutMs = 5000)
{
    QNetworkAccessManager nam;
    QNetworkRequest req{QUrl(url)};
    req.setTransferTimeout(timeoutMs);
    QNetworkReply* reply = nullptr;
    if (json.isEmpty()) {
        reply = nam.get(req);
    } else {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        reply = nam.post(req, json);
    }
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return r;
}

QJsonObject jsonRpc(int port, const QByteArray& method, const QJsonObject& params = {}, int timeoutMs = 5000)
{
    const QJsonObject request{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                              {QStringLiteral("id"), 1},
                              {QStringLiteral("method"), QString::fromLatin1(method)},
                              {QStringLiteral("params"), params}};
    const HttpResult r = http(QStringLiteral("http://127.0.0.1:%1/mcp").arg(port), QJsonDocument(request).toJson(QJsonDocument::Compact), timeoutMs);
    return QJsonDocument::fromJson(r.body).object();
}

QJsonObject state(const QString& container)
{
    EngineClient engine;
    return engine.inspectContainer(container).json().object().value(QLatin1String("State")).toObject();
}
} // namespace

class TestDemoWorkspace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { SANDBOX_REQUIRE_ENGINE(); }

    void webUiThenStopExits143()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        QVERIFY2(demo.up(), qPrintable(demo.error()));
        const QString url = QStringLiteral("http://127.0.0.1:%1/").arg(demo.port(QStringLiteral("OPENCODE_PORT")));
        QTRY_COMPARE_WITH_TIMEOUT(http(url).status, 200, 60000);
        const HttpResult page = http(url);
        QVERIFY2(page.body.contains("<title>OpenCode</title>"), page.body.left(300).constData());
        QTRY_COMPARE_WITH_TIMEOUT(state(demo.workspaceContainer()).value(QLatin1String("Health")).toObject().value(QLatin1String("Status")).toString(),
                                  QStringLiteral("healthy"), 60000);

        // The stand-in model server, as the checkout's Makefile and OpenCode reach it.
        QString out;
        QCOMPARE(runProgram(QStringLiteral("docker"), {QStringLiteral("exec"), demo.llmContainer(), QStringLiteral("ollama"), QStringLiteral("list")}, &out),
                 0);
        QVERIFY2(out.contains(QStringLiteral("stand-in:scripted")), qPrintable(out));
        const HttpResult models = http(QStringLiteral("http://127.0.0.1:%1/v1/models").arg(demo.port(QStringLiteral("LLM_PORT"))));
        QCOMPARE(models.status, 200);
        QCOMPARE(QJsonDocument::fromJson(models.body).object().value(QLatin1String("data")).toArray().first().toObject().value(QLatin1String("id")).toString(),
                 QStringLiteral("stand-in:scripted"));

        // OpenCode's own processes run as the operator's user, not root.
        QCOMPARE(runProgram(QStringLiteral("docker"),
                            {QStringLiteral("exec"), demo.workspaceContainer(), QStringLiteral("ps"), QStringLiteral("-o"), QStringLiteral("user=,args="),
                             QStringLiteral("-C"), QStringLiteral("opencode")},
                            &out),
                 0);
        QVERIFY2(out.contains(QStringLiteral("opencode web")) && !out.contains(QStringLiteral("root")), qPrintable(out));

        // A deliberate stop: the entrypoint traps SIGTERM and exits with wait's status.
        QCOMPARE(runProgram(QStringLiteral("docker"), {QStringLiteral("stop"), demo.workspaceContainer()}, &out, 60000), 0);
        const QJsonObject st = state(demo.workspaceContainer());
        QCOMPARE(st.value(QLatin1String("Status")).toString(), QStringLiteral("exited"));
        QCOMPARE(st.value(QLatin1String("ExitCode")).toInt(), 143);
        QVERIFY(demo.down());
    }

    void autonomousRunWritesTheScriptedFile()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        const QString project = demo.projectLogsDir().section(QLatin1Char('/'), 0, -2);
        QFile task(project + QStringLiteral("/TASK.md"));
        QVERIFY(task.open(QIODevice::WriteOnly));
        task.write("# Task\n\nWrite the demo result file.\n");
        task.close();
        demo.setEnv(QStringLiteral("TASK_FILE"), QStringLiteral("TASK.md"));
        QString out;
        QCOMPARE(
            demo.compose({QStringLiteral("--profile"), QStringLiteral("local-llm"), QStringLiteral("up"), QStringLiteral("-d"), QStringLiteral("llm-backend")},
                         &out),
            0);
        // As `make run-autonomous` does it: in the foreground, ending with the run's status.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QStringList cmd = TestEngine::composeCommand();
        const QString program = cmd.takeFirst();
        env.insert(QStringLiteral("ACTIVE_PROJECT"), QStringLiteral("demo_project"));
        env.insert(QStringLiteral("OPERATION_MODE"), QStringLiteral("autonomous"));
        const int code = runProgram(program,
                                    cmd + QStringList{QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("-T"), QStringLiteral("workspace")}, &out,
                                    180000, demo.root(), env);
        QFile log(demo.projectLogsDir() + QStringLiteral("/autonomous.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray logText = log.readAll();
        QVERIFY2(code == 0, qPrintable(out + QString::fromUtf8(logText)));
        QVERIFY2(out.contains(QStringLiteral("finished with exit code 0")), qPrintable(out));
        QVERIFY2(logText.contains("Task complete"), logText.constData());
        QFile result(project + QStringLiteral("/DEMO_RESULT.md"));
        QVERIFY2(result.open(QIODevice::ReadOnly), qPrintable(result.fileName()));
        QVERIFY(result.readAll().contains("scripted tool call"));
        QVERIFY(demo.down());
    }

    void conductorBridgeAnswersAndDelegates()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("OPERATION_MODE"), QStringLiteral("conductor"));
        QVERIFY2(demo.up(), qPrintable(demo.error()));
        const int port = demo.port(QStringLiteral("MCP_BRIDGE_PORT"));
        QTRY_VERIFY_WITH_TIMEOUT(jsonRpc(port, "initialize").contains(QLatin1String("result")), 90000);
        const QJsonObject init = jsonRpc(port, "initialize").value(QLatin1String("result")).toObject();
        QCOMPARE(init.value(QLatin1String("protocolVersion")).toString(), QStringLiteral("2024-11-05"));
        const QJsonArray tools = jsonRpc(port, "tools/list").value(QLatin1String("result")).toObject().value(QLatin1String("tools")).toArray();
        QCOMPARE(tools.first().toObject().value(QLatin1String("name")).toString(), QStringLiteral("delegate_task"));
        const QJsonObject call{{QStringLiteral("name"), QStringLiteral("delegate_task")},
                               {QStringLiteral("arguments"), QJsonObject{{QStringLiteral("instructions"), QStringLiteral("Say hello.")}}}};
        const QJsonObject answer = jsonRpc(port, "tools/call", call, 120000);
        const QString text = answer.value(QLatin1String("result"))
                                 .toObject()
                                 .value(QLatin1String("content"))
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(QLatin1String("text"))
                                 .toString();
        QVERIFY2(text.contains(QStringLiteral("stand-in model server")), qPrintable(QJsonDocument(answer).toJson()));
        QVERIFY(demo.down());
    }
};

QTEST_GUILESS_MAIN(TestDemoWorkspace)
#include "test_demo_workspace.moc"
