#include "EndpointActions.h"

#include "core/compose/Lifecycle.h"
#include "core/docker/StackActions.h"
#include "core/settings/Settings.h"
#include "core/settings/SettingsTypes.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>

EndpointActions::EndpointActions(Settings& settings, Lifecycle& lifecycle, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_lifecycle(lifecycle)
    , m_open([](const QUrl& url) { return QDesktopServices::openUrl(url); })
{
    setObjectName(QStringLiteral("endpointActions"));
    QSizePolicy keep = sizePolicy(); // hidden in autonomous mode without moving the controls below
    keep.setRetainSizeWhenHidden(true);
    setSizePolicy(keep);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_openWeb = new QPushButton(tr("Open OpenCode"), this);
    m_openWeb->setObjectName(QStringLiteral("openOpenCodeButton"));
    m_openWeb->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
    m_copyMcp = new QPushButton(tr("Copy MCP endpoint"), this);
    m_copyMcp->setObjectName(QStringLiteral("copyMcpEndpointButton"));
    m_copyMcp->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copied = new QLabel(this);
    m_copied->setObjectName(QStringLiteral("endpointStatus"));
    m_copied->setTextFormat(Qt::PlainText);
    m_copied->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    layout->addWidget(m_openWeb);
    layout->addWidget(m_copyMcp);
    layout->addWidget(m_copied, 1);

    connect(m_openWeb, &QPushButton::clicked, this, [this] {
        const QString url = m_settings.webUrl();
        m_copied->setText(m_open(QUrl(url)) ? tr("Opened %1").arg(url) : notOpenedText(url));
    });
    connect(m_copyMcp, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_settings.mcpEndpoint());
        m_copied->setText(tr("Copied %1").arg(m_settings.mcpEndpoint()));
    });
    connect(&m_settings, &Settings::changed, this, &EndpointActions::sync);
    connect(&m_lifecycle, &Lifecycle::jobFinished, this, &EndpointActions::sync);
    sync();
}

QString EndpointActions::notOpenedText(const QString& url)
{
    return tr("Not opened: no web browser could be started on this machine (set a default browser, e.g. "
              "xdg-settings set default-web-browser). Open %1 in a browser yourself.")
        .arg(url);
}

void EndpointActions::setStackState(StackState state, const ServiceInfo& workspace)
{
    m_up = stackStateIsUp(state);
    m_answers = StackActions::openCodeAnswers(state, workspace);
    sync();
}

void EndpointActions::sync()
{
    const OperationMode mode = m_lifecycle.currentMode();
    const bool web = mode == OperationMode::Interactive && m_settings.interface() == Interface::Web;
    const bool conductor = mode == OperationMode::Conductor;
    m_openWeb->setVisible(web);
    m_openWeb->setEnabled(m_answers);
    m_openWeb->setToolTip(m_answers ? tr("%1 in the browser (Ctrl+O)").arg(m_settings.webUrl())
                                    : tr("Enabled once OpenCode answers on %1").arg(m_settings.webUrl()));
    m_copyMcp->setVisible(conductor);
    m_copyMcp->setEnabled(m_up);
    m_copyMcp->setToolTip(tr("Copy %1 for an MCP client (Ctrl+Shift+C)").arg(m_settings.mcpEndpoint()));
    if (!m_up)
        m_copied->clear();
    setVisible(web || conductor);
}
