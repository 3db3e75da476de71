#include "OverviewTab.h"

#include "sandbox/Sandbox.h"

#include <QLabel>
#include <QVBoxLayout>

OverviewTab::OverviewTab(Sandbox& sandbox, QWidget* parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
{
    setObjectName(QStringLiteral("overviewTab"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Overview of %1").arg(m_sandbox.checkout().root()), this));
    layout->addStretch();
}
