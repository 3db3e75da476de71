// `info` (CLI.md): checkout path, compose project name, compose tool and version, engine version.
#include "CtlCommand.h"

#include "core/compose/ComposeTool.h"
#include "core/docker/EngineClient.h"
#include "core/sandbox/Sandbox.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {
CtlRegistration info(QStringLiteral("info"), QStringLiteral("info"), [](CtlContext& c) -> int {
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("info takes no arguments"));
    QString toolError;
    const std::optional<ComposeTool> tool = ComposeTool::detect(&toolError);
    const EngineReply version = c.sandbox().engine().version();
    const QString engineVersion = version.ok() ? version.json().object().value(QStringLiteral("Version")).toString() : QString();
    if (c.json) {
        QJsonObject compose;
        if (tool) {
            compose = {{QStringLiteral("tool"), tool->displayName()},
                       {QStringLiteral("variant"), tool->isV2() ? QStringLiteral("v2") : QStringLiteral("v1")},
                       {QStringLiteral("version"), tool->version()}};
        } else {
            compose = {{QStringLiteral("error"), toolError}};
        }
        QJsonObject engine{{QStringLiteral("reachable"), version.ok()}, {QStringLiteral("version"), engineVersion}};
        if (!version.ok())
            engine.insert(QStringLiteral("error"), version.describe());
        c.out << QJsonDocument(QJsonObject{{QStringLiteral("checkout"), c.checkout.root()},
                                           {QStringLiteral("project"), c.checkout.composeProjectName()},
                                           {QStringLiteral("compose"), compose},
                                           {QStringLiteral("engine"), engine}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
    } else {
        c.out << "checkout: " << c.checkout.root() << '\n'
              << "compose project: " << c.checkout.composeProjectName() << '\n'
              << "compose tool: " << (tool ? tool->describe() : QStringLiteral("none (%1)").arg(toolError)) << '\n'
              << "engine: " << (version.ok() ? engineVersion : QStringLiteral("unreachable")) << Qt::endl;
        if (!version.ok())
            c.err << "sandbox-ctl: engine unreachable: " << version.describe() << Qt::endl;
    }
    if (!version.ok())
        return ExitEngineUnreachable;
    return tool ? ExitOk : ExitProblems;
});
} // namespace
