#include "ReportSettings.h"

#include "fileio/RegularFile.h"

#include <QDir>
#include <QFile>
#include <QHash>

ReportSettings::Monitor ReportSettings::monitor(ReportKind kind) const
{
    switch (kind) {
    case ReportKind::Resources: return resources;
    case ReportKind::Portscan: return portscan;
    case ReportKind::Summary: return summary;
    }
    return {};
}

QString ReportSettings::filePath(ReportKind kind) const
{
    return QDir(logsDir).filePath(reportFileName(kind));
}

ReportSettings ReportSettings::fromEnvFile(const QString& envFile, const QString& checkoutRoot,
                                           QString* error)
{
    const RegularFile::Read f = RegularFile::read(envFile, 8 * 1024 * 1024);
    if (!f.ok() || !f.exists) {
        if (error)
            *error = f.ok() ? QStringLiteral("cannot read %1: it does not exist").arg(envFile) : f.error;
        return fromEnvText({}, checkoutRoot);
    }
    return fromEnvText(f.bytes, checkoutRoot);
}

ReportSettings ReportSettings::fromEnvText(const QByteArray& text, const QString& checkoutRoot)
{
    QHash<QString, QString> env;
    for (const QByteArray& rawLine : text.split('\n')) {
        const QString line = QString::fromUtf8(rawLine).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0)
            continue;
        QString key = line.left(eq).trimmed();
        if (key.startsWith(QLatin1String("export ")))
            key = key.mid(7).trimmed();
        QString value = line.mid(eq + 1).trimmed();
        if (value.size() >= 2 && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\''))
            && value.back() == value.front())
            value = value.mid(1, value.size() - 2);
        env.insert(key, value);
    }
    auto flag = [&](const char* key) { return env.value(QLatin1String(key)).toLower() == QLatin1String("true"); };
    auto interval = [&](const char* key, int fallback) {
        bool ok = false;
        const int v = env.value(QLatin1String(key)).toInt(&ok);
        return ok && v > 0 ? v : fallback;
    };
    ReportSettings s;
    QString root = env.value(QStringLiteral("PROJECTS_ROOT_PATH"));
    if (!root.isEmpty() && QDir::isRelativePath(root))
        root = QDir(checkoutRoot).absoluteFilePath(root);
    const QString project = env.value(QStringLiteral("PROJECT_NAME"), QStringLiteral("default_project"));
    s.logsDir = root.isEmpty() ? QDir(checkoutRoot).filePath(QStringLiteral("logs"))
                               : QDir::cleanPath(root + QLatin1Char('/') + project + QStringLiteral("/logs"));
    s.monitoringRuns = env.value(QStringLiteral("OPENCODE_INTERFACE")) != QLatin1String("tui");
    s.resources = {flag("RESOURCE_MONITOR_ENABLED"), interval("RESOURCE_MONITOR_INTERVAL", 60)};
    s.portscan = {flag("PORTSCAN_ENABLED"), interval("PORTSCAN_INTERVAL", 300)};
    s.summary = {flag("AUTOLOG_ENABLED"), interval("AUTOLOG_INTERVAL", 3600)};
    return s;
}
