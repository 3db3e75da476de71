#include "Sandbox.h"

#include "compose/Lifecycle.h"
#include "compose/LocalEngine.h"
#include "reports/Reports.h"
#include "settings/Settings.h"

#include <spdlog/spdlog.h>

Sandbox::Sandbox(const Checkout& checkout, const AppConfig& config, QObject* parent)
    : QObject(parent)
    , m_checkout(checkout)
    , m_config(config)
{
}

Sandbox::~Sandbox() = default;

Settings& Sandbox::settings()
{
    if (!m_settings) {
        m_settings = std::make_unique<Settings>(m_checkout.envFile(), m_checkout.root());
        QString error;
        if (!m_settings->load(&error))
            spdlog::warn("settings: {}", error.toStdString());
        m_settings->setWatching(true);
    }
    return *m_settings;
}

Reports& Sandbox::reports()
{
    if (!m_reports)
        m_reports = std::make_unique<Reports>(m_checkout, m_config);
    return *m_reports;
}

Lifecycle& Sandbox::lifecycle()
{
    if (!m_lifecycle) {
        m_lifecycle = std::make_unique<Lifecycle>(m_checkout);
        m_lifecycle->setEngine(localEngineRequest(m_lifecycle.get()));
    }
    return *m_lifecycle;
}

JobRunner& Sandbox::jobs()
{
    return lifecycle().jobs();
}

void Sandbox::start()
{
    if (m_started)
        return;
    m_started = true;
    reports().start();
    spdlog::info("sandbox {} (compose project {})", m_checkout.root().toStdString(),
                 m_checkout.composeProjectName().toStdString());
    Q_EMIT startedChanged();
}
