// env_drift: .env settings that differ from the running container's environment, and
// .env or allowlists changed after the container was created (not in force yet).
#include "core/posture/PostureChecks.h"

#include "core/allowlist/AllowlistTypes.h"
#include "core/docker/EngineTime.h"
#include "core/logging/Redaction.h"
#include "core/settings/SettingsTypes.h"

#include <algorithm>

namespace PostureChecks {
namespace {
using S = ControlStatus;

QString shown(const QString& key, const QString& value)
{
    if (Redaction::isSecretKey(key))
        return value.isEmpty() ? QStringLiteral("(empty)") : QString::fromLatin1(Redaction::kMask);
    if (value.isEmpty())
        return QStringLiteral("(empty)");
    QString v = Redaction::redact(value);
    v.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (v.size() > 40)
        v = v.left(37) + QStringLiteral("...");
    return QStringLiteral("\"%1\"").arg(v);
}
} // namespace

ControlResult envDrift(const PostureInput& in)
{
    // The policy column quotes SECURITY.md word for word (test_reference_checkouts); the detail
    // says which need applies to what changed.
    const char* policy = "Rebuild after changing pinned versions or allowlists.";
    if (in.container.isEmpty())
        return make("env_drift", S::Unknown, QStringLiteral("no inspect data"), policy);
    QHash<QString, QString> running;
    for (const QJsonValue& v : config(in).value(QLatin1String("Env")).toArray()) {
        const QString e = v.toString();
        const qsizetype eq = e.indexOf(QLatin1Char('='));
        if (eq > 0)
            running.insert(e.left(eq), e.mid(eq + 1));
    }
    QStringList drift;
    QStringList keys = in.env.keys();
    keys.sort();
    for (const QString& key : keys) {
        // Only settings passed into the container can be compared (explicit pass-through).
        if (!running.contains(key) || running.value(key) == in.env.value(key))
            continue;
        drift << QStringLiteral("%1 (running %2, .env %3)").arg(SettingsTypes::keyLabel(key), shown(key, running.value(key)), shown(key, in.env.value(key)));
    }
    const QDateTime created = EngineTime::parse(in.container.value(QLatin1String("Created")));
    QStringList later;
    if (created.isValid()) {
        if (EngineTime::isAfter(in.envModified, created))
            later << QStringLiteral(".env");
        // Each list with its own need, in the words of the Allowlists tab and its review.
        const auto list = [](AllowlistKind kind) {
            return QStringLiteral("%1 (%2)").arg(AllowlistKinds::relativePath(kind), SettingsTypes::applyNeedName(AllowlistKinds::applyNeed(kind)));
        };
        if (EngineTime::isAfter(in.aptAllowlistModified, created))
            later << list(AllowlistKind::Apt);
        if (EngineTime::isAfter(in.portAllowlistModified, created))
            later << list(AllowlistKind::Port);
    }
    if (drift.isEmpty() && later.isEmpty())
        return make("env_drift", S::Pass,
                    QStringLiteral("the running environment matches .env (%1 settings compared)")
                        .arg(std::count_if(keys.begin(), keys.end(), [&](const QString& k) { return running.contains(k); })),
                    policy);
    QStringList parts;
    if (!drift.isEmpty())
        parts << QStringLiteral("not applied: %1").arg(drift.join(QLatin1String("; ")));
    if (!later.isEmpty())
        parts << QStringLiteral("changed after the container was created %1: %2").arg(created.toString(Qt::ISODateWithMs), later.join(QLatin1String(", ")));
    return make("env_drift", S::Warn,
                parts.join(QStringLiteral(" — "))
                    + (drift.isEmpty() ? QString() : QStringLiteral(" (%1 to apply)").arg(SettingsTypes::applyNeedStep(ApplyNeed::Restart))),
                policy);
}

} // namespace PostureChecks
