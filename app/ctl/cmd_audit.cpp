// sandbox-ctl audit: the running workspace's hardening posture against the policy.
#include "CtlCommand.h"

#include "docker/EngineClient.h"
#include "posture/PostureCollector.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
int audit(CtlContext& c)
{
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("audit takes no arguments"));
    EngineClient engine;
    PostureCollector collector(c.checkout, engine);
    const PostureCollector::Outcome o = collector.runBlocking();
    if (o.results.isEmpty()) {
        c.err << "sandbox-ctl: audit: " << o.error << Qt::endl;
        if (o.engineUnreachable)
            return ExitEngineUnreachable;
        // Nothing running to audit: every control is unknown, which is a problem to report.
        if (c.json) {
            QJsonArray controls;
            for (const QString& id : PostureAudit::controlIds())
                controls.append(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("status"), QStringLiteral("unknown")},
                                            {QStringLiteral("detail"), o.error}});
            c.out << QJsonDocument(QJsonObject{{QStringLiteral("passed"), false}, {QStringLiteral("controls"), controls}})
                         .toJson(QJsonDocument::Compact)
                  << Qt::endl;
        }
        return ExitProblems;
    }
    const bool failed = PostureAudit::anyFailed(o.results);
    if (c.json) {
        QJsonArray controls;
        for (const ControlResult& r : o.results)
            controls.append(QJsonObject{{QStringLiteral("id"), r.id},
                                        {QStringLiteral("status"), PostureAudit::statusName(r.status)},
                                        {QStringLiteral("detail"), r.detail}});
        c.out << QJsonDocument(QJsonObject{{QStringLiteral("passed"), !failed}, {QStringLiteral("controls"), controls}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
    } else {
        for (const ControlResult& r : o.results)
            c.out << QStringLiteral("%1 %2 %3").arg(PostureAudit::statusName(r.status).toUpper(), -7).arg(r.id, -17).arg(r.detail)
                  << '\n';
        c.out << QStringLiteral("%1/%2 controls pass").arg(PostureAudit::passed(o.results)).arg(o.results.size()) << Qt::endl;
    }
    return failed ? ExitProblems : ExitOk;
}

const CtlRegistration reg(QStringLiteral("audit"), QStringLiteral("audit                      hardening posture of the running workspace"), audit);
} // namespace
