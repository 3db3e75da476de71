#include "core/settings/EnvPermissions.h"

#include "core/settings/SettingsValidator.h"

#include <QFile>
#include <QFileInfo>

bool EnvPermissions::tooOpen(const QString& path)
{
    return QFileInfo::exists(path) && !SettingsValidator::isAcceptedMode(QFile::permissions(path));
}

bool EnvPermissions::fix(const QString& path, QString* error)
{
    QFile f(path);
    if (!f.exists() || !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        if (error)
            *error = QStringLiteral("cannot set %1 to mode 600: %2").arg(path, f.exists() ? f.errorString() : QStringLiteral("no such file"));
        return false;
    }
    return true;
}
