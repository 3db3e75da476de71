#include "AppConfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include "SandboxSourceDir.h"
#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

namespace {
template<typename T> void readKey(const YAML::Node& node, const char* a, const char* b, T& target)
{
    const YAML::Node first = node[a];
    if (!first)
        return;
    if (b && !first.IsMap())
        return;
    const YAML::Node n = b ? first[b] : first;
    if (n && n.IsScalar())
        target = n.as<T>();
}

bool loadFileInto(const QString& file, AppConfig& config)
{
    QFile f(file);
    if (!f.exists())
        return false;
    if (!f.open(QIODevice::ReadOnly)) {
        spdlog::warn("app config {}: cannot read: {}", file.toStdString(), f.errorString().toStdString());
        return false;
    }
    QString error;
    config = AppConfig::fromYaml(f.readAll(), config, &error);
    if (!error.isEmpty())
        spdlog::warn("app config {}: {} (its values were ignored)", file.toStdString(), error.toStdString());
    return error.isEmpty();
}
} // namespace

AppConfig AppConfig::fromYaml(const QByteArray& yaml, const AppConfig& base, QString* error)
{
    AppConfig c = base;
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        if (!root || root.IsNull())
            return c;
        if (!root.IsMap())
            throw YAML::Exception(YAML::Mark::null_mark(), "the top level must be a mapping");
        std::string path = c.sandboxPath.toStdString();
        readKey(root, "sandbox_path", nullptr, path);
        c.sandboxPath = QString::fromStdString(path);
        readKey(root, "refresh", "reconnect_initial_ms", c.reconnectInitialMs);
        readKey(root, "refresh", "reconnect_max_ms", c.reconnectMaxMs);
        readKey(root, "refresh", "chart_redraw_ms", c.chartRedrawMs);
        readKey(root, "refresh", "report_poll_ms", c.reportPollMs);
        readKey(root, "charts", "window_seconds", c.chartWindowSeconds);
        readKey(root, "alerts", "memory_percent", c.memoryAlertPercent);
        readKey(root, "ui", "close_to_tray", c.closeToTray);
        if (c.chartWindowSeconds < 60 || c.chartWindowSeconds > 24 * 3600 || c.chartRedrawMs < 100 || c.reconnectInitialMs < 50
            || c.reconnectMaxMs < c.reconnectInitialMs || c.reportPollMs < 50)
            throw YAML::Exception(YAML::Mark::null_mark(), "a value is out of range");
    } catch (const YAML::Exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return base;
    }
    return c;
}

QString AppConfig::userFile()
{
    const QString overridden = qEnvironmentVariable("SANDBOX_PANEL_CONFIG");
    if (!overridden.isEmpty())
        return overridden;
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/sandbox-panel/sandbox-panel.yaml");
}

QString AppConfig::defaultsFile()
{
    const QString appDir = QCoreApplication::instance() ? QCoreApplication::applicationDirPath() : QString();
    const QStringList candidates{
        appDir + QStringLiteral("/../share/sandbox-panel/sandbox-panel.yaml"),
        QStringLiteral(SANDBOX_SOURCE_DIR "/config/sandbox-panel.yaml"),
    };
    for (const QString& c : candidates) {
        if (QFileInfo::exists(c))
            return QDir::cleanPath(c);
    }
    return {};
}

QString AppConfig::readmeFile()
{
    const QString appDir = QCoreApplication::instance() ? QCoreApplication::applicationDirPath() : QString();
    for (const QString& c : {appDir + QStringLiteral("/../share/doc/sandbox-panel/README.md"), QStringLiteral(SANDBOX_SOURCE_DIR "/README.md")}) {
        if (QFileInfo::exists(c))
            return QDir::cleanPath(c);
    }
    return {};
}

AppConfig AppConfig::load()
{
    AppConfig config;
    const QString defaults = defaultsFile();
    if (!defaults.isEmpty())
        loadFileInto(defaults, config);
    loadFileInto(userFile(), config);
    return config;
}
