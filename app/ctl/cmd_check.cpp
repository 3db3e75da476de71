// check: the checkout's `make check` (scripts/security_check.sh) run natively (SecurityCheck).
// One line per step, "PASS id: title" or "FAIL id: message", each finding indented as
// "file:line: text" with the secret masked; exit 1 when a step fails, 5 when compose is missing.
#include "CtlCommand.h"

#include "core/check/SecurityCheck.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
QJsonObject stepJson(const CheckStep& s)
{
    QJsonArray findings;
    for (const SecretFinding& f : s.findings)
        findings.append(QJsonObject{{QStringLiteral("file"), f.file}, {QStringLiteral("line"), f.line}, {QStringLiteral("text"), f.text}});
    return QJsonObject{{QStringLiteral("id"), s.id},
                       {QStringLiteral("status"), s.statusName().toLower()},
                       {QStringLiteral("title"), s.title},
                       {QStringLiteral("message"), s.message},
                       {QStringLiteral("details"), QJsonArray::fromStringList(s.details)},
                       {QStringLiteral("findings"), findings}};
}

CtlRegistration reg(QStringLiteral("check"), QStringLiteral("check"), [](CtlContext& c) -> int {
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("check takes no arguments"));
    SecurityCheck check(c.checkout);
    QEventLoop loop;
    QObject::connect(&check, &SecurityCheck::finished, &loop, &QEventLoop::quit);
    check.start();
    if (check.running())
        loop.exec();
    const CheckStep* first = check.firstFailure();
    if (c.json) {
        QJsonArray steps;
        for (const CheckStep& s : check.steps())
            steps.append(stepJson(s));
        c.out << QJsonDocument(QJsonObject{{QStringLiteral("passed"), check.passed()},
                                           {QStringLiteral("first_failure"), first ? first->id : QString()},
                                           {QStringLiteral("files_scanned"), check.filesScanned()},
                                           {QStringLiteral("warnings"), QJsonArray::fromStringList(check.warnings())},
                                           {QStringLiteral("steps"), steps}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
    } else {
        for (const CheckStep& s : check.steps()) {
            c.out << s.statusName() << ' ' << s.id << ": " << (s.status == CheckStep::Status::Fail ? s.message : s.title) << Qt::endl;
            for (const QString& d : s.details)
                c.out << "    " << d << Qt::endl;
            for (const SecretFinding& f : s.findings)
                c.out << "    " << f.location() << ": " << f.text << Qt::endl;
        }
        c.out << (first ? QStringLiteral("Security check failed: %1").arg(first->message) : check.passedSummary()) << Qt::endl;
    }
    if (first && first->id == QLatin1String("compose-config") && first->message.startsWith(QLatin1String("no compose tool")))
        return ExitFailed;
    return first ? ExitProblems : ExitOk;
});
} // namespace
