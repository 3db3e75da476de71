#include "OverviewTab.h"
#include "ui/main/EmptyViewText.h"

#include "CheckPanel.h"

#include "CheckoutBox.h"
#include "EndpointActions.h"

#include "ServicesModel.h"
#include "core/allowlist/Allowlists.h"
#include "core/docker/StackMonitor.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/PinRecord.h"
#include "core/settings/Settings.h"
#include "ui/lifecycle/AutonomousRunView.h"
#include "ui/lifecycle/LifecyclePanel.h"
#include "ui/settings/SettingsPanel.h"

#include "core/compose/Lifecycle.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

OverviewTab::OverviewTab(Sandbox& sandbox, QWidget* parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
{
    setObjectName(QStringLiteral("overviewTab"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    auto* layout = new QVBoxLayout(content);
    scroll->setWidget(content);
    outer->addWidget(scroll);

    layout->addWidget(new QLabel(tr("Sandbox checkout: %1").arg(m_sandbox.checkout().root()), content));
    layout->addWidget(new CheckoutBox(m_sandbox, content));
    // Allowlists: unreviewed outside changes / rebuild needed / restart needed, until resolved.
    auto* allowlistState = new QLabel(content);
    allowlistState->setObjectName(QStringLiteral("overviewAllowlistState"));
    allowlistState->setTextFormat(Qt::PlainText);
    allowlistState->setStyleSheet(QStringLiteral("color: #9a5b00; font-weight: bold"));
    allowlistState->setWordWrap(true);
    Allowlists& allowlists = m_sandbox.allowlists();
    auto syncAllowlists = [allowlistState, &allowlists, this] {
        const QStringList attention = allowlists.attention() + PinRecord::attention(m_sandbox.checkout());
        allowlistState->setText(attention.join(QLatin1Char('\n')));
        allowlistState->setVisible(!attention.isEmpty());
    };
    connect(&allowlists, &Allowlists::changed, allowlistState, syncAllowlists);
    // Pinned versions: .env edits and finished builds change the rebuild line.
    connect(&m_sandbox.settings(), &Settings::changed, allowlistState, syncAllowlists);
    connect(&m_sandbox.lifecycle(), &Lifecycle::jobFinished, allowlistState, syncAllowlists);
    syncAllowlists();
    auto* services = new ServicesModel(this);
    auto* table = new QTableView(content);
    table->setObjectName(QStringLiteral("servicesTable"));
    table->setModel(services);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setMaximumHeight(120);
    setEmptyViewText(table, tr("No containers: the stack is not running. Start creates them."));
    layout->addWidget(table);
    StackMonitor& stack = m_sandbox.stack();
    connect(&stack, &StackMonitor::servicesChanged, services, [services, &stack] { services->setServices(stack.services()); });
    auto* uptime = new QTimer(this);
    connect(uptime, &QTimer::timeout, services, &ServicesModel::tick);
    uptime->start(10000);

    auto* endpoints = new EndpointActions(m_sandbox.settings(), m_sandbox.lifecycle(), content);
    layout->addWidget(endpoints);
    auto syncEndpoints = [endpoints, &stack] { endpoints->setStackState(stack.state(), stack.service(QStringLiteral("workspace"))); };
    connect(&stack, &StackMonitor::stateChanged, endpoints, syncEndpoints);
    connect(&stack, &StackMonitor::servicesChanged, endpoints, syncEndpoints); // health: OpenCode answers

    auto* row = new QHBoxLayout;
    auto* settings = new SettingsPanel(m_sandbox.settings(), content);
    auto* lifecycle = m_lifecycle = new LifecyclePanel(m_sandbox.lifecycle(), content);
    row->addWidget(settings);
    row->addWidget(lifecycle, 1);
    layout->addLayout(row, 1);
    // Below the controls: when it appears or grows it takes room from the output above, it moves no button.
    layout->addWidget(allowlistState);
    layout->addWidget(new AutonomousRunView(m_sandbox.lifecycle(), content), 1);
    layout->addWidget(new CheckPanel(m_sandbox.checkout(), content));
    // "Restart to apply" runs the lifecycle's Restart; lifecycle buttons follow the real stack state.
    connect(settings, &SettingsPanel::restartRequested, &m_sandbox.lifecycle(), &Lifecycle::requestRestart);
    connect(&stack, &StackMonitor::stateChanged, lifecycle, &LifecyclePanel::setStackState);
}
