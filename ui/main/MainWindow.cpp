#include "MainWindow.h"

#include "UiResources.h"

#include "core/appconfig/AppConfig.h"
#include "core/compose/Lifecycle.h"
#include "core/posture/PostureMonitor.h"
#include "core/sandbox/Notification.h"
#include "core/sandbox/Sandbox.h"
#include "ui/allowlist/AllowlistsTab.h"
#include "ui/lifecycle/LifecyclePanel.h"
#include "ui/logs/LogsTab.h"
#include "ui/metrics/MetricsTab.h"
#include "ui/overview/OverviewTab.h"
#include "ui/posture/PostureView.h"
#include "ui/reports/ReportsTab.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QUrl>
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
    auto* posture = new PostureView(sandbox.posture(), m_tabs);
    m_tabs->addTab(posture, tr("&Posture"));
    connect(posture, &PostureView::restrictRequested, this, [&sandbox] {
        if (Job* job = sandbox.lifecycle().restrictRunning())
            connect(job, &Job::finished, &sandbox.posture(), [&sandbox] { sandbox.posture().refresh(); });
    });
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
    auto* helpMenu = menuBar()->addMenu(tr("&Help"));
    auto* help = helpMenu->addAction(tr("&Help contents"), this, &MainWindow::showHelp);
    help->setObjectName(QStringLiteral("actionHelp"));
    help->setShortcut(QKeySequence::HelpContents); // F1
    auto* about = helpMenu->addAction(tr("&About Sandbox Control Panel"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
    statusBar();
}

void MainWindow::showAbout()
{
    const QString readme = AppConfig::readmeFile();
    const QString where = readme.isEmpty() ? tr("README.md is not installed on this machine.")
                                           : tr("Documentation: <a href=\"%1\">%2</a>").arg(QUrl::fromLocalFile(readme).toString(), readme.toHtmlEscaped());
    auto* box = new QMessageBox(QMessageBox::Information, tr("About Sandbox Control Panel"),
                                tr("<b>Sandbox Control Panel</b> %1<br>Built with Qt %2, running on Qt %3.<br>"
                                   "Controls the OpenCode Docker sandbox in %4.<br><br>%5<br>"
                                   "Keyboard: F1 help, Ctrl+1…6 tabs, Ctrl+Q quit.")
                                    .arg(QCoreApplication::applicationVersion().toHtmlEscaped(), QStringLiteral(QT_VERSION_STR),
                                         QString::fromLatin1(qVersion()), m_sandbox.checkout().root().toHtmlEscaped(), where),
                                QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("aboutDialog"));
    box->setTextFormat(Qt::RichText);
    box->setTextInteractionFlags(Qt::TextBrowserInteraction);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showHelp()
{
    const QString readme = AppConfig::readmeFile();
    if (readme.isEmpty() || !QDesktopServices::openUrl(QUrl::fromLocalFile(readme)))
        showAbout(); // says where the README is, or that it is missing
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
        Q_EMIT hiddenToTray();
        return;
    }
    QMainWindow::closeEvent(event);
}
