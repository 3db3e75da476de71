#include "ComposeTool.h"

#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QVersionNumber>

#include <memory>

namespace {
struct Candidate {
    ComposeTool::Variant variant;
    QString program;
    QStringList args;
};

QList<Candidate> candidates()
{
    const QString forced = qEnvironmentVariable("SANDBOX_COMPOSE");
    QList<Candidate> list;
    if (forced != QLatin1String("v1"))
        list.append({ComposeTool::Variant::V2Plugin, QStringLiteral("docker"), {QStringLiteral("compose"), QStringLiteral("version")}});
    if (forced != QLatin1String("v2"))
        list.append({ComposeTool::Variant::V1Standalone, QStringLiteral("docker-compose"), {QStringLiteral("version")}});
    return list;
}

QString notFoundMessage(const QStringList& attempts)
{
    return QStringLiteral("no compose tool found: neither `docker compose` (v2 plugin) nor "
                          "`docker-compose` (v1) runs on this machine (%1). Install the "
                          "docker-compose-plugin or docker-compose package.")
        .arg(attempts.join(QStringLiteral("; ")));
}

QString attemptText(const Candidate& c, const QProcess& p, const QString& output)
{
    const QString name = c.variant == ComposeTool::Variant::V2Plugin ? QStringLiteral("docker compose") : QStringLiteral("docker-compose");
    if (p.error() == QProcess::FailedToStart)
        return QStringLiteral("%1: not installed").arg(name);
    const QString first = output.trimmed().section(QLatin1Char('\n'), 0, 0);
    return QStringLiteral("%1: %2").arg(name, first.isEmpty() ? QStringLiteral("failed") : first.left(200));
}
} // namespace

ComposeTool::ComposeTool(Variant variant, QString program, QString version)
    : m_variant(variant)
    , m_program(std::move(program))
    , m_version(std::move(version))
{
}

QString ComposeTool::displayName() const
{
    return isV2() ? QStringLiteral("docker compose") : QStringLiteral("docker-compose");
}

QString ComposeTool::describe() const
{
    return QStringLiteral("%1 (%2) %3").arg(displayName(), isV2() ? QStringLiteral("v2") : QStringLiteral("v1"), m_version);
}

QStringList ComposeTool::arguments(const QString& projectName, const QStringList& composeArgs) const
{
    QStringList args;
    if (isV2())
        args << QStringLiteral("compose");
    // --ansi exists since v1 1.28; older v1 releases only know --no-ansi.
    const QVersionNumber v = QVersionNumber::fromString(m_version);
    if (!isV2() && !v.isNull() && v < QVersionNumber(1, 28))
        args << QStringLiteral("--no-ansi");
    else
        args << QStringLiteral("--ansi") << QStringLiteral("never");
    if (!projectName.isEmpty())
        args << QStringLiteral("--project-name") << projectName;
    return args + composeArgs;
}

QString ComposeTool::parseVersion(const QString& output)
{
    static const QRegularExpression re(QStringLiteral("version:?\\s+v?(\\d+\\.\\d+(?:\\.\\d+)?[0-9A-Za-z.+-]*)"), QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(output);
    if (m.hasMatch())
        return m.captured(1);
    static const QRegularExpression bare(QStringLiteral("^v?(\\d+\\.\\d+\\.\\d+\\S*)"));
    const auto b = bare.match(output.trimmed());
    return b.hasMatch() ? b.captured(1) : QString();
}

std::optional<ComposeTool> ComposeTool::detect(QString* error)
{
    QStringList attempts;
    for (const Candidate& c : candidates()) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(c.program, c.args);
        QString output;
        if (p.waitForStarted(5000) && p.waitForFinished(15000))
            output = QString::fromUtf8(p.readAll());
        else
            p.kill();
        const QString version = parseVersion(output);
        if (p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0 && !version.isEmpty())
            return ComposeTool(c.variant, c.program, version);
        attempts << attemptText(c, p, output);
        if (p.state() != QProcess::NotRunning)
            p.waitForFinished(2000);
    }
    if (error)
        *error = notFoundMessage(attempts);
    return std::nullopt;
}

void ComposeTool::detectAsync(QObject* context, std::function<void(std::optional<ComposeTool>, QString)> done)
{
    struct State {
        QList<Candidate> list = candidates();
        QStringList attempts;
        std::function<void(std::optional<ComposeTool>, QString)> done;
        QPointer<QObject> context;
    };
    auto state = std::make_shared<State>();
    state->done = std::move(done);
    state->context = context;
    auto next = std::make_shared<std::function<void()>>();
    *next = [state, next]() {
        if (!state->context)
            return;
        if (state->list.isEmpty()) {
            state->done(std::nullopt, notFoundMessage(state->attempts));
            *next = nullptr; // break the cycle
            return;
        }
        const Candidate c = state->list.takeFirst();
        auto* p = new QProcess(state->context);
        p->setProcessChannelMode(QProcess::MergedChannels);
        auto finish = [state, next, p, c]() {
            const QString output = QString::fromUtf8(p->readAll());
            const QString version = ComposeTool::parseVersion(output);
            const bool ok = p->error() != QProcess::FailedToStart && p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0 && !version.isEmpty();
            p->deleteLater();
            if (ok) {
                state->done(ComposeTool(c.variant, c.program, version), QString());
                *next = nullptr;
                return;
            }
            state->attempts << attemptText(c, *p, output);
            (*next)();
        };
        QObject::connect(p, &QProcess::finished, state->context, finish);
        QObject::connect(p, &QProcess::errorOccurred, state->context, [p, finish](QProcess::ProcessError e) {
            if (e == QProcess::FailedToStart)
                finish();
            else if (e == QProcess::Timedout)
                p->kill();
        });
        p->start(c.program, c.args);
    };
    (*next)();
}
