#include "LogsTab.h"

#include "sandbox/Sandbox.h"

#include <QLabel>
#include <QVBoxLayout>

LogsTab::LogsTab(Sandbox& sandbox, QWidget* parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
{
    setObjectName(QStringLiteral("logsTab"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Logs of %1").arg(m_sandbox.checkout().root()), this));
    layout->addStretch();
}
