#include "MainWindow.h"

#include "UiResources.h"

#include "ui/allowlist/AllowlistsTab.h"
#include "ui/lifecycle/LifecyclePanel.h"
#include "ui/logs/LogsTab.h"
#include "ui/metrics/MetricsTab.h"
#include "ui/overview/OverviewTab.h"
#include "ui/posture/PostureView.h"
#include "ui/reports/ReportsTab.h"
#include "core/sandbox/Notification.h"
#include "core/sandbox/Sandbox.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

MainWindow::MainWindow(Sandbox& sandbox, QWidget* parent)
    : QMainWindow(parent)
    , m_sandbox(sandbox)
{
    initUiResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("%1 — Sandbox Control Panel").arg(sandbox.checkout().name()));
    setWindowIcon(QIcon(QStringLiteral(":/icons/sandbox-panel.svg")));
    resize(1100, 720);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    m_header = new QLabel(tr("Connecting to the Docker engine…"), central);
    m_header->setObjectName(QStringLiteral("statusHeader"));
    m_header->setTextFormat(Qt::PlainText);
    QFont f = m_header->font();
    f.setPointSizeF(f.pointSizeF() * 1.2);
    f.setBold(true);
    m_header->setFont(f);
    layout->addWidget(m_header);

    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->addTab(m_overview = new OverviewTab(sandbox, m_tabs), tr("&Overview"));
    m_tabs->addTab(new MetricsTab(sandbox, m_tabs), tr("&Metrics"));
    m_tabs->addTab(m_reports = new ReportsTab(sandbox, m_tabs), tr("&Reports"));
    m_tabs->addTab(new AllowlistsTab(sandbox, m_tabs), tr("&Allowlists"));
    m_tabs->addTab(new LogsTab(sandbox, m_tabs), tr("&Logs"));
    m_tabs->addTab(new PostureView(sandbox.posture(), m_tabs), tr("&Posture"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    auto* quit = fileMenu->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);
    auto* viewMenu = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* a = viewMenu->addAction(m_tabs->tabText(i).remove(QLatin1Char('&')));
        a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }
    statusBar();
}

void MainWindow::startSandbox()
{
    m_overview->lifecyclePanel()->startInteractive();
}

bool MainWindow::showTab(const QString& name)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->widget(i)->objectName() == name) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

void MainWindow::open(const NotificationTarget& target)
{
    showTab(NotificationTarget::tabName(target.tab) + QStringLiteral("Tab"));
    if (target.record.isValid())
        m_reports->openRecord(target.record);
}

void MainWindow::setHeaderText(const QString& text, const QString& toolTip)
{
    m_header->setText(text);
    m_header->setToolTip(toolTip);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_hideOnClose) {
        hide();
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}
