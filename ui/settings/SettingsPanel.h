#pragma once

#include "core/settings/Settings.h"

#include <QWidget>

#include <map>

class QAbstractButton;
class QButtonGroup;
class QCheckBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

/// Overview section for modes, egress and monitoring switches of the checkout's `.env`, with the
/// restart-needed banner and the outside-change prompt. Every change goes through Settings.
class SettingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPanel(Settings& settings, QWidget* parent = nullptr);

Q_SIGNALS:
    /// The operator asked to restart the stack so pending changes apply.
    void restartRequested();

private:
    void buildModeRow(class QGridLayout* grid, int row);
    void buildEgressRow(QGridLayout* grid, int row);
    void buildMonitorRows(QGridLayout* grid, int row);
    void refresh();
    void showResult(const Settings::Result& result);
    void onModeClicked(OperationMode mode);
    void applyTaskFile();
    void showDiff(const QString& title, const QStringList& diff);
    void openAllSettings();

    Settings& m_settings;
    QButtonGroup* m_modes = nullptr;
    std::map<OperationMode, QPushButton*> m_modeButtons;
    QPushButton* m_restricted = nullptr;
    QPushButton* m_full = nullptr;
    std::map<Monitor, QCheckBox*> m_switches;
    std::map<Monitor, QSpinBox*> m_intervals;
    QFrame* m_taskPrompt = nullptr;
    QLineEdit* m_taskFile = nullptr;
    QWidget* m_mcpRow = nullptr;
    QLineEdit* m_mcpEndpoint = nullptr;
    QFrame* m_restartBanner = nullptr;
    QLabel* m_restartText = nullptr;
    QFrame* m_diskBanner = nullptr;
    QLabel* m_diskText = nullptr;
    QLabel* m_error = nullptr;
    bool m_reviewReload = false; ///< the disk banner reviews an outside reload (else a refused save)
};
