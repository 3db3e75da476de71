#include "Sandbox.h"

#include <spdlog/spdlog.h>

Sandbox::Sandbox(const Checkout& checkout, const AppConfig& config, QObject* parent)
    : QObject(parent)
    , m_checkout(checkout)
    , m_config(config)
{
}

Sandbox::~Sandbox() = default;

void Sandbox::start()
{
    if (m_started)
        return;
    m_started = true;
    spdlog::info("sandbox {} (compose project {})", m_checkout.root().toStdString(),
                 m_checkout.composeProjectName().toStdString());
    Q_EMIT startedChanged();
}
