#include "AllowlistsTab.h"

#include "sandbox/Sandbox.h"

#include <QLabel>
#include <QVBoxLayout>

AllowlistsTab::AllowlistsTab(Sandbox& sandbox, QWidget* parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
{
    setObjectName(QStringLiteral("allowlistsTab"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Allowlists of %1").arg(m_sandbox.checkout().root()), this));
    layout->addStretch();
}
