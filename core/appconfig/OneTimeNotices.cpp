#include "core/appconfig/OneTimeNotices.h"

#include "core/appconfig/AppConfig.h"

#include <QFileInfo>
#include <QSettings>

namespace OneTimeNotices {
namespace {
QString key(const char* id)
{
    return QStringLiteral("notices/%1").arg(QLatin1String(id));
}
} // namespace

QString file()
{
    return QFileInfo(AppConfig::userFile()).absolutePath() + QStringLiteral("/panel-state.ini");
}

bool shown(const char* id)
{
    return QSettings(file(), QSettings::IniFormat).value(key(id), false).toBool();
}

void markShown(const char* id)
{
    QSettings s(file(), QSettings::IniFormat);
    s.setValue(key(id), true);
    s.sync();
}
} // namespace OneTimeNotices
