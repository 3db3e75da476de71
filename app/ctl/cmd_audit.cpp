// sandbox-ctl audit: the running workspace's hardening posture against SECURITY.md.
//
// stdout carries exactly one line per control ("PASS    id    detail") or, with --json, one
// document {"passed", "controls": [{"id", "status", "detail"}]}; the summary goes to stderr.
// Exit codes: 0 nothing failed (WARN and UNKNOWN do not fail); 1 a control failed, or the
// workspace is not running (every control UNKNOWN: an audit that verified nothing must not
// read as success to a script, yet it is neither a usage error nor an engine outage);
// 3 engine unreachable (nothing on stdout).
#include "CtlCommand.h"

#include "core/compose/StackAdvice.h"
#include "core/docker/EngineClient.h"
#include "core/logging/Redaction.h"
#include "core/posture/PostureCollector.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/EnvValues.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace {
/// What the running stack gets wrong beyond the controls (StackAdvisor), blocking.
QList<StackAdvice> stackAdvice(CtlContext& c, EngineClient& engine)
{
    std::optional<QList<StackAdvice>> result;
    QEventLoop loop;
    StackAdvisor::assess(engine, nullptr, c.checkout.composeProjectName(), EnvValues::load(c.checkout.envFile()), [&](const QList<StackAdvice>& a) {
        result = a;
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

void print(CtlContext& c, const QList<ControlResult>& results, bool passed, const QList<StackAdvice>& advice = {})
{
    if (c.json) {
        QJsonArray controls;
        for (const ControlResult& r : results)
            controls.append(QJsonObject{{QStringLiteral("id"), r.id},
                                        {QStringLiteral("status"), PostureAudit::statusName(r.status)},
                                        {QStringLiteral("detail"), Redaction::redact(r.detail)}});
        QJsonArray warnings;
        for (const StackAdvice& a : advice)
            warnings.append(QJsonObject{{QStringLiteral("id"), a.id},
                                        {QStringLiteral("kind"), a.kind == StackAdvice::Kind::Warning ? QStringLiteral("warning") : QStringLiteral("note")},
                                        {QStringLiteral("detail"), Redaction::redact(a.text)}});
        c.out << QJsonDocument(QJsonObject{{QStringLiteral("passed"), passed}, {QStringLiteral("controls"), controls}, {QStringLiteral("stack"), warnings}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
        return;
    }
    for (const ControlResult& r : results)
        c.out << QStringLiteral("%1 %2 %3").arg(PostureAudit::statusName(r.status).toUpper(), -7).arg(r.id, -17).arg(Redaction::redact(r.detail)) << '\n';
    c.out.flush();
    // stdout keeps one line per control; what the stack gets wrong goes to stderr.
    for (const StackAdvice& a : advice)
        c.err << (a.kind == StackAdvice::Kind::Warning ? "warning " : "note ") << a.id << ": " << Redaction::redact(a.text) << '\n';
    c.err.flush();
}

int audit(CtlContext& c)
{
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("audit takes no arguments"));
    EngineClient& engine = c.sandbox().engine();
    PostureCollector collector(c.checkout, engine);
    const PostureCollector::Outcome o = collector.runBlocking();
    if (o.engineUnreachable) {
        c.err << "sandbox-ctl: Docker engine unreachable: " << o.error << Qt::endl;
        return ExitEngineUnreachable;
    }
    if (o.results.isEmpty()) {
        print(c, PostureAudit::allUnknown(o.error), false);
        c.err << "sandbox-ctl: audit: nothing verified: " << o.error << Qt::endl;
        return ExitProblems;
    }
    const bool failed = PostureAudit::anyFailed(o.results);
    print(c, o.results, !failed, stackAdvice(c, engine));
    c.err << QStringLiteral("%1/%2 controls pass (%3)").arg(PostureAudit::passed(o.results)).arg(o.results.size()).arg(o.container) << Qt::endl;
    return failed ? ExitProblems : ExitOk;
}

const CtlRegistration reg(QStringLiteral("audit"), QStringLiteral("audit                      hardening posture of the running workspace"), audit);
} // namespace
