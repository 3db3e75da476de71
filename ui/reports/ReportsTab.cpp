#include "ReportsTab.h"

#include "sandbox/Sandbox.h"

#include <QLabel>
#include <QVBoxLayout>

ReportsTab::ReportsTab(Sandbox& sandbox, QWidget* parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
{
    setObjectName(QStringLiteral("reportsTab"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Reports of %1").arg(m_sandbox.checkout().root()), this));
    layout->addStretch();
}
