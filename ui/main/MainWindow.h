#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;
class OverviewTab;
class ReportsTab;
class Sandbox;
struct NotificationTarget;

/// The panel's main window: a status header over the tabs Overview, Metrics, Reports,
/// Allowlists, Logs and Posture.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Sandbox& sandbox, QWidget* parent = nullptr);

    QTabWidget* tabs() const { return m_tabs; }
    /// Shows the tab whose objectName is \a name (e.g. "reportsTab"); false when there is none.
    bool showTab(const QString& name);
    /// Opens what a notification points at: its tab, and the report record when it has one.
    void open(const NotificationTarget& target);
    ReportsTab* reportsTab() const { return m_reports; }
    /// Start, as the Overview's Start button does it (with its confirmation of unreviewed MCP changes).
    void startSandbox();
    /// The one-line status text above the tabs.
    void setHeaderText(const QString& text, const QString& toolTip = {});
    /// When set, closing hides the window (the tray keeps the app) instead of quitting.
    void setHideOnClose(bool hide) { m_hideOnClose = hide; }

    /// Help > About: version, Qt version, where the README is (non-modal, object name aboutDialog).
    void showAbout();
    /// Help > Help contents (F1): opens the README, or says where it is.
    void showHelp();

Q_SIGNALS:
    /// Closing hid the window; the panel keeps running in the tray.
    void hiddenToTray();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    Sandbox& m_sandbox;
    QTabWidget* m_tabs = nullptr;
    ReportsTab* m_reports = nullptr;
    OverviewTab* m_overview = nullptr;
    QLabel* m_header = nullptr;
    bool m_hideOnClose = false;
};
