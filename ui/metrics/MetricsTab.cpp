#include "MetricsTab.h"

#include "sandbox/Sandbox.h"

#include <QLabel>
#include <QVBoxLayout>

MetricsTab::MetricsTab(Sandbox& sandbox, QWidget* parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
{
    setObjectName(QStringLiteral("metricsTab"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Metrics of %1").arg(m_sandbox.checkout().root()), this));
    layout->addStretch();
}
