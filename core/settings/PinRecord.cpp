#include "PinRecord.h"

#include "core/checkout/Checkout.h"
#include "core/fileio/RegularFile.h"
#include "core/fileio/SafeWrite.h"
#include "core/fileio/StateName.h"
#include "core/logging/Logging.h"
#include "core/settings/Settings.h"
#include "core/settings/SettingsTypes.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace PinRecord {

QString path(const QString& stateDir, const QString& checkoutRoot)
{
    return QDir(stateDir).filePath(QStringLiteral("pins/%1.json").arg(StateName::forCheckout(checkoutRoot)));
}

Pins current(const QString& envPath, const QString& checkoutRoot, QString* error)
{
    Settings settings(envPath, checkoutRoot);
    settings.load(error);
    Pins pins;
    for (const QString& key : SettingsTypes::rebuildKeys())
        pins.insert(key, settings.value(key));
    return pins;
}

WriteResult save(const QString& file, const Pins& pins)
{
    const QString dir = QFileInfo(file).absolutePath();
    if (!QDir().mkpath(dir))
        return {WriteResult::Status::IoError, QStringLiteral("cannot create %1").arg(dir)};
    QJsonObject o;
    for (auto it = pins.cbegin(); it != pins.cend(); ++it)
        o.insert(it.key(), it.value());
    const QJsonObject doc{{QStringLiteral("built_pins"), o}};
    return SafeWrite::replaceIfUnchanged(file, std::nullopt, QJsonDocument(doc).toJson(QJsonDocument::Indented));
}

Loaded load(const QString& file)
{
    Loaded out;
    const RegularFile::Read f = RegularFile::read(file, 1024 * 1024);
    if (!f.ok()) {
        out.error = QStringLiteral("pinned versions record %1: %2").arg(file, f.error);
        return out;
    }
    if (!f.exists)
        return out;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(f.bytes, &parseError);
    const QJsonValue built = doc.object().value(QStringLiteral("built_pins"));
    if (parseError.error != QJsonParseError::NoError || !built.isObject()) {
        out.error = QStringLiteral("pinned versions record %1 is corrupt (%2); it is rewritten at the next build")
                        .arg(file, parseError.error != QJsonParseError::NoError ? parseError.errorString() : QStringLiteral("no built_pins object"));
        return out;
    }
    const QJsonObject o = built.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.value().isString()) {
            out.error = QStringLiteral("pinned versions record %1 is corrupt (%2 is not a string); it is rewritten at the next build").arg(file, it.key());
            return out;
        }
        out.pins.insert(it.key(), it.value().toString());
    }
    out.exists = true;
    return out;
}

QList<Change> changed(const Pins& recorded, const Pins& now)
{
    QList<Change> out;
    if (recorded.isEmpty())
        return out;
    for (const QString& key : SettingsTypes::rebuildKeys()) {
        const QString built = recorded.value(key);
        const QString current = now.value(key);
        if (built != current)
            out.append({key, built, current});
    }
    return out;
}

QString sentence(const QList<Change>& changes)
{
    if (changes.isEmpty())
        return {};
    QStringList parts;
    const QString unset = QStringLiteral("(unset)");
    for (const Change& c : changes)
        parts << QStringLiteral("%1 %2 → %3").arg(c.key, c.built.isEmpty() ? unset : c.built, c.current.isEmpty() ? unset : c.current);
    return QStringLiteral("rebuild needed: %1").arg(parts.join(QStringLiteral(", ")));
}

QStringList attention(const QString& stateDir, const QString& checkoutRoot, const QString& envPath)
{
    const Loaded record = load(path(stateDir, checkoutRoot));
    if (!record.ok())
        return {record.error};
    if (!record.exists)
        return {};
    const QString line = sentence(changed(record.pins, current(envPath, checkoutRoot)));
    return line.isEmpty() ? QStringList() : QStringList{line};
}

QStringList attention(const Checkout& checkout)
{
    return attention(Logging::stateDir(), checkout.root(), checkout.envFile());
}
} // namespace PinRecord
