#include "RunningSummary.h"

#include "core/posture/PostureCollector.h"
#include "core/sandbox/Sandbox.h"

#include <QJsonArray>

namespace {
struct Read {
    RunningPosture running;
    EnvValues env;
};

Read read(CtlContext& c)
{
    PostureCollector collector(c.checkout, c.sandbox().engine());
    return {collector.runBlocking(10000).running, EnvValues::load(c.checkout.envFile())};
}

QString egressText(const RunningPosture& r)
{
    return r.egress ? SettingsTypes::egressName(*r.egress) : QStringLiteral("unknown");
}

QString modeText(const RunningPosture& r)
{
    return r.mode() ? SettingsTypes::modeName(*r.mode()) : QStringLiteral("unknown");
}
} // namespace

QStringList RunningSummary::lines(CtlContext& c)
{
    const Read r = read(c);
    if (!r.running.known)
        return {};
    QStringList out{QStringLiteral("running: egress %1, mode %2").arg(egressText(r.running), modeText(r.running))};
    if (const QStringList pending = r.running.pending(r.env); !pending.isEmpty())
        out << QStringLiteral("after restart: %1 (.env edited, not applied yet)").arg(pending.join(QLatin1String(", ")));
    if (const QStringList loosened = r.running.loosened(); !loosened.isEmpty())
        out << QStringLiteral("warning: loosened in the running workspace: %1").arg(loosened.join(QLatin1String(", ")));
    return out;
}

QJsonObject RunningSummary::json(CtlContext& c)
{
    const Read r = read(c);
    if (!r.running.known)
        return {};
    return {{QStringLiteral("egress"), egressText(r.running)},
            {QStringLiteral("mode"), modeText(r.running)},
            {QStringLiteral("pending"), QJsonArray::fromStringList(r.running.pending(r.env))},
            {QStringLiteral("loosened"), QJsonArray::fromStringList(r.running.loosened())}};
}
