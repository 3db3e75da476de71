#include "OverviewTab.h"

#include "lifecycle/LifecyclePanel.h"
#include "ServicesModel.h"
#include "docker/StackMonitor.h"
#include "sandbox/Sandbox.h"
#include "settings/SettingsPanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

OverviewTab::OverviewTab(Sandbox& sandbox, QWidget* parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
{
    setObjectName(QStringLiteral("overviewTab"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Sandbox checkout: %1").arg(m_sandbox.checkout().root()), this));
    auto* services = new ServicesModel(this);
    auto* table = new QTableView(this);
    table->setObjectName(QStringLiteral("servicesTable"));
    table->setModel(services);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setMaximumHeight(120);
    layout->addWidget(table);
    StackMonitor& stack = m_sandbox.stack();
    connect(&stack, &StackMonitor::servicesChanged, services, [services, &stack] { services->setServices(stack.services()); });
    auto* uptime = new QTimer(this);
    connect(uptime, &QTimer::timeout, services, &ServicesModel::tick);
    uptime->start(10000);
    layout->addWidget(new SettingsPanel(m_sandbox.settings(), this));
    layout->addWidget(new LifecyclePanel(m_sandbox.lifecycle(), this), 1);
}
