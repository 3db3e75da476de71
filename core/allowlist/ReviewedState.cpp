#include "core/allowlist/ReviewedState.h"

#include "core/fileio/RegularFile.h"
#include "core/fileio/SafeWrite.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

bool ReviewedState::load(QString* error)
{
    m_files.clear();
    const RegularFile::Read f = RegularFile::read(m_path, 16 * 1024 * 1024);
    m_exists = f.exists;
    if (!f.ok()) {
        if (error)
            *error = f.error;
        m_exists = false;
        return false;
    }
    if (!m_exists)
        return true;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.bytes, &pe);
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("%1 is not a JSON object (%2); every entry counts as unreviewed").arg(m_path, pe.errorString());
        m_exists = false;
        return false;
    }
    const QJsonObject files = doc.object().value(QStringLiteral("files")).toObject();
    for (const AllowlistKind kind : {AllowlistKind::Apt, AllowlistKind::Port}) {
        const QJsonObject o = files.value(AllowlistKinds::name(kind)).toObject();
        if (o.isEmpty())
            continue;
        File file;
        file.sha256 = o.value(QStringLiteral("sha256")).toString();
        for (const QJsonValue& v : o.value(QStringLiteral("entries")).toArray())
            file.entries.append(v.toString());
        file.reviewedAt = QDateTime::fromString(o.value(QStringLiteral("reviewed_at")).toString(), Qt::ISODate);
        file.changedAt = QDateTime::fromString(o.value(QStringLiteral("changed_at")).toString(), Qt::ISODateWithMs);
        file.imageAtChange = o.value(QStringLiteral("image_at_change")).toString();
        m_files.insert(int(kind), file);
    }
    return true;
}

bool ReviewedState::save(QString* error) const
{
    QJsonObject files;
    for (const AllowlistKind kind : {AllowlistKind::Apt, AllowlistKind::Port}) {
        if (!has(kind))
            continue;
        const File f = file(kind);
        QJsonObject o{{QStringLiteral("file"), AllowlistKinds::relativePath(kind)},
                      {QStringLiteral("sha256"), f.sha256},
                      {QStringLiteral("entries"), QJsonArray::fromStringList(f.entries)},
                      {QStringLiteral("reviewed_at"), f.reviewedAt.toUTC().toString(Qt::ISODate)}};
        if (f.changedAt.isValid())
            o.insert(QStringLiteral("changed_at"), f.changedAt.toUTC().toString(Qt::ISODateWithMs));
        if (!f.imageAtChange.isEmpty())
            o.insert(QStringLiteral("image_at_change"), f.imageAtChange);
        files.insert(AllowlistKinds::name(kind), o);
    }
    const QByteArray bytes = QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("files"), files}}).toJson(QJsonDocument::Indented);
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create %1").arg(QFileInfo(m_path).absolutePath());
        return false;
    }
    const WriteResult r = SafeWrite::replaceIfUnchanged(m_path, std::nullopt, bytes, 0600);
    if (!r.ok() && error)
        *error = r.message;
    return r.ok();
}
