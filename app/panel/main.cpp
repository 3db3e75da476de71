// sandbox-panel: the desktop control panel.
#include "SingleInstance.h"

#include "core/appconfig/AppConfig.h"
#include "core/logging/Logging.h"
#include "core/logging/TerminationSignals.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/EnvValues.h"
#include "ui/main/MainWindow.h"
#include "ui/main/PanelBinding.h"
#include "ui/main/UiResources.h"
#include "ui/tray/TrayIcon.h"
#include "ui/tray/TrayPresenter.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QTimer>

#include <spdlog/spdlog.h>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("sandbox-panel"));
    QApplication::setApplicationDisplayName(QStringLiteral("Sandbox Control Panel"));
    QApplication::setOrganizationName(QStringLiteral("sandbox-panel"));
    QApplication::setApplicationVersion(QStringLiteral(SANDBOX_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("sandbox-panel"));
    initUiResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/sandbox-panel.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Control panel for the OpenCode Docker sandbox"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption sandboxOption(QStringLiteral("sandbox"), QStringLiteral("The sandbox checkout to open."), QStringLiteral("DIR"));
    parser.addOption(sandboxOption);
    QCommandLineOption hiddenOption(QStringLiteral("hidden"), QStringLiteral("Start in the system tray without showing the window."));
    parser.addOption(hiddenOption);
    QCommandLineOption startOption(QStringLiteral("start"), QStringLiteral("Start the sandbox once the panel is up, as its Start button does."));
    parser.addOption(startOption);
    parser.process(app);

    Logging::initForPanel();
    TerminationSignals termination;
    QObject::connect(&termination, &TerminationSignals::received, &app, [](const QString& name) {
        spdlog::info("{}: quitting", name.toStdString());
        QApplication::quit();
    });
    const AppConfig config = AppConfig::load();
    QString dir = parser.value(sandboxOption);
    if (dir.isEmpty())
        dir = config.sandboxPath;
    if (dir.isEmpty())
        dir = QDir::currentPath();
    const Checkout checkout(dir);
    // As in sandbox-ctl: every secret value of .env is masked in whatever the panel shows, copies or
    // logs (report records, audit reasons), from before the first file is read.
    EnvValues::load(checkout.envFile()).registerSecrets();
    spdlog::info("sandbox-panel {} on {}", SANDBOX_VERSION, checkout.root().toStdString());

    SingleInstance instance(checkout.root());
    if (instance.notifyRunning()) {
        spdlog::info("another panel for {} is running; asked it to show itself", checkout.root().toStdString());
        return 0;
    }
    instance.listen();

    Sandbox sandbox(checkout, config);
    MainWindow window(sandbox);
    TrayPresenter presenter;
    TrayIcon tray(window, presenter);
    PanelBinding binding(sandbox, presenter, tray, window);
    window.setHideOnClose(tray.available() && config.closeToTray);
    QApplication::setQuitOnLastWindowClosed(!(tray.available() && config.closeToTray));
    QObject::connect(&instance, &SingleInstance::raiseRequested, &tray, &TrayIcon::openPanel);
    if (!(parser.isSet(hiddenOption) && tray.available()))
        window.show();

    QString why;
    if (!checkout.looksValid(&why)) {
        QTimer::singleShot(0, &window, [&window, why] {
            QMessageBox::warning(&window, QObject::tr("Not a sandbox checkout"),
                                 QObject::tr("%1\n\nStart the panel with --sandbox DIR, or set sandbox_path in %2.").arg(why, AppConfig::userFile()));
        });
    }
    // Engine and files connect after the window is on screen.
    QTimer::singleShot(0, &sandbox, [&sandbox] { sandbox.start(); });
    if (parser.isSet(startOption))
        QTimer::singleShot(0, &window, &MainWindow::startSandbox);
    const int rc = app.exec();
    spdlog::info("quit (exit {})", rc);
    return rc;
}
