#include "allowlist/PendingState.h"

#include "docker/EngineClient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QRegularExpression>

PendingState PendingState::compute(const QDateTime& aptChangedAt, const QDateTime& portChangedAt,
                                   const QDateTime& imageCreated, const QDateTime& containerCreated,
                                   const QString& imageId, const QString& imageAtChange)
{
    PendingState s;
    const bool rebuiltSince = !imageAtChange.isEmpty() && !imageId.isEmpty() && imageId != imageAtChange;
    s.rebuildNeeded = aptChangedAt.isValid() && imageCreated.isValid() && imageCreated < aptChangedAt && !rebuiltSince;
    s.restartNeeded = portChangedAt.isValid() && containerCreated.isValid() && containerCreated < portChangedAt;
    return s;
}

QDateTime WorkspaceProbe::parseCreated(const QJsonValue& value)
{
    if (value.isDouble())
        return QDateTime::fromSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC);
    QString text = value.toString();
    // "2026-11-26T17:19:03.123456789Z": Qt reads at most milliseconds.
    static const QRegularExpression frac(QStringLiteral("\\.(\\d{3})\\d*"));
    text.replace(frac, QStringLiteral(".\\1"));
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t.toUTC();
}

void WorkspaceProbe::query(EngineClient& engine, const QString& project, std::function<void(const WorkspaceTimes&)> done)
{
    QPointer<EngineClient> client(&engine);
    engine.request("GET", EngineClient::projectContainersPath(project), {}, [client, done](const EngineReply& r) {
        WorkspaceTimes times;
        if (!r.ok()) {
            times.error = r.describe();
            done(times);
            return;
        }
        QString image;
        for (const QJsonValue& v : r.json().array()) {
            const QJsonObject c = v.toObject();
            if (c.value(QStringLiteral("Labels")).toObject().value(QStringLiteral("com.docker.compose.service")).toString()
                != QLatin1String("workspace"))
                continue;
            const QDateTime created = parseCreated(c.value(QStringLiteral("Created")));
            if (!times.containerCreated.isValid() || created > times.containerCreated) {
                times.containerCreated = created;
                image = c.value(QStringLiteral("ImageID")).toString();
            }
        }
        times.imageId = image;
        if (image.isEmpty() || !client) {
            done(times);
            return;
        }
        client->request("GET", QStringLiteral("/images/%1/json").arg(image), {}, [times, done](const EngineReply& ir) mutable {
            if (ir.ok())
                times.imageCreated = parseCreated(ir.json().object().value(QStringLiteral("Created")));
            else
                times.error = ir.describe();
            done(times);
        });
    });
}
