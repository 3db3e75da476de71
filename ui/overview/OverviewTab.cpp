#include "OverviewTab.h"

#include "lifecycle/LifecyclePanel.h"
#include "sandbox/Sandbox.h"
#include "settings/SettingsPanel.h"

#include <QLabel>
#include <QVBoxLayout>

OverviewTab::OverviewTab(Sandbox& sandbox, QWidget* parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
{
    setObjectName(QStringLiteral("overviewTab"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Overview of %1").arg(m_sandbox.checkout().root()), this));
    layout->addWidget(new SettingsPanel(m_sandbox.settings(), this));
    layout->addWidget(new LifecyclePanel(m_sandbox.lifecycle(), this), 1);
}
