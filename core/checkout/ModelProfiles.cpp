#include "ModelProfiles.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace ModelProfiles {

QList<ModelProfile> list(const QString& checkoutRoot)
{
    QList<ModelProfile> out;
    const QDir dir(QDir(checkoutRoot).filePath(QStringLiteral("config/model_profiles")));
    for (const QFileInfo& fi : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        ModelProfile p;
        p.name = fi.completeBaseName();
        QFile f(fi.absoluteFilePath());
        QJsonParseError parseError{};
        const QJsonDocument doc = f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.read(4 * 1024 * 1024), &parseError) : QJsonDocument();
        if (!doc.isObject()) {
            p.error = f.error() != QFile::NoError ? f.errorString() : parseError.errorString();
            out << p;
            continue;
        }
        const QJsonObject o = doc.object();
        p.displayName = o.value(QStringLiteral("display_name")).toString();
        p.model = o.value(QStringLiteral("model_id")).toString();
        p.provider = o.value(QStringLiteral("provider")).toString();
        p.context = qint64(o.value(QStringLiteral("context_window")).toObject().value(QStringLiteral("max_context_length")).toDouble());
        out << p;
    }
    return out;
}

} // namespace ModelProfiles
