#include "PostureAudit.h"

#include "core/posture/PostureChecks.h"

#include <QRegularExpression>

#include <algorithm>

namespace PostureChecks {

ControlResult make(const char* id, ControlStatus status, const QString& detail, const char* policy)
{
    return {QString::fromLatin1(id), status, detail, QString::fromUtf8(policy)};
}

QString expected(const PostureInput& in, const char* key, const char* fallback)
{
    const QString k = QString::fromLatin1(key);
    QString v = in.env.value(k).trimmed();
    if (v.isEmpty())
        v = in.composeDefaults.value(k).trimmed();
    return v.isEmpty() ? QString::fromLatin1(fallback) : v;
}

QJsonObject hostConfig(const PostureInput& in)
{
    return in.container.value(QLatin1String("HostConfig")).toObject();
}

QJsonObject config(const PostureInput& in)
{
    return in.container.value(QLatin1String("Config")).toObject();
}

bool envEditedSinceStart(const PostureInput& in)
{
    const QDateTime created = QDateTime::fromString(in.container.value(QLatin1String("Created")).toString(), Qt::ISODateWithMs);
    return created.isValid() && in.envModified.isValid() && in.envModified > created;
}

} // namespace PostureChecks

namespace PostureAudit {

QStringList controlIds()
{
    return {QStringLiteral("read_only_root"), QStringLiteral("capabilities"),   QStringLiteral("seccomp"),          QStringLiteral("pids_limit"),
            QStringLiteral("memory_limit"),   QStringLiteral("cpu_limit"),      QStringLiteral("ulimits"),          QStringLiteral("core_dumps"),
            QStringLiteral("log_rotation"),   QStringLiteral("ports_loopback"), QStringLiteral("non_root_user"),    QStringLiteral("healthcheck"),
            QStringLiteral("egress"),         QStringLiteral("not_privileged"), QStringLiteral("no_engine_socket"), QStringLiteral("shared_readonly"),
            QStringLiteral("oversight"),      QStringLiteral("env_drift")};
}

QList<ControlResult> evaluate(const PostureInput& in)
{
    using namespace PostureChecks;
    return {readOnlyRoot(in), capabilities(in),  seccomp(in),        pidsLimit(in),      memoryLimit(in), cpuLimit(in),
            ulimits(in),      coreDumps(in),     logRotation(in),    portsLoopback(in),  nonRootUser(in), healthcheck(in),
            egress(in),       notPrivileged(in), noEngineSocket(in), sharedReadonly(in), oversight(in),   envDrift(in)};
}

QList<ControlResult> allUnknown(const QString& detail)
{
    // The policy sentences come from a real evaluation of an empty input.
    QList<ControlResult> out = evaluate(PostureInput{});
    for (ControlResult& r : out) {
        r.status = ControlStatus::Unknown;
        r.detail = detail;
    }
    return out;
}

QString statusName(ControlStatus s)
{
    switch (s) {
    case ControlStatus::Pass: return QStringLiteral("pass");
    case ControlStatus::Fail: return QStringLiteral("fail");
    case ControlStatus::Warn: return QStringLiteral("warn");
    case ControlStatus::Unknown: break;
    }
    return QStringLiteral("unknown");
}

qint64 parseBytes(const QString& text)
{
    QString t = text.trimmed().toLower();
    if (t.endsWith(QLatin1Char('b')))
        t.chop(1);
    if (t.isEmpty())
        return -1;
    qint64 factor = 1;
    const QChar unit = t.back();
    if (unit == QLatin1Char('k'))
        factor = 1024;
    else if (unit == QLatin1Char('m'))
        factor = 1024 * 1024;
    else if (unit == QLatin1Char('g'))
        factor = 1024LL * 1024 * 1024;
    else if (unit == QLatin1Char('t'))
        factor = 1024LL * 1024 * 1024 * 1024;
    if (factor > 1)
        t.chop(1);
    bool ok = false;
    const double v = t.toDouble(&ok);
    if (!ok || v < 0 || v * double(factor) > 9.0e18)
        return -1;
    return qint64(v * double(factor));
}

QHash<QString, QString> composeDefaults(const QByteArray& composeText)
{
    static const QRegularExpression re(QStringLiteral(R"(\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)\})"));
    QHash<QString, QString> out;
    const QString text = QString::fromUtf8(composeText);
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (!out.contains(m.captured(1)))
            out.insert(m.captured(1), m.captured(2));
    }
    return out;
}

int passed(const QList<ControlResult>& results)
{
    return int(std::count_if(results.begin(), results.end(), [](const ControlResult& r) { return r.status == ControlStatus::Pass; }));
}

bool anyFailed(const QList<ControlResult>& results)
{
    return std::any_of(results.begin(), results.end(), [](const ControlResult& r) { return r.status == ControlStatus::Fail; });
}

} // namespace PostureAudit
