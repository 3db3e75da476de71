#pragma once

#include "core/docker/StackMonitor.h"

#include <QPointer>
#include <QWidget>

#include <functional>
#include <optional>

class Job;
class Lifecycle;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTimer;

/// Overview section: lifecycle buttons, the running job's live output, phase and progress.
class LifecyclePanel : public QWidget {
    Q_OBJECT
public:
    explicit LifecyclePanel(Lifecycle& lifecycle, QWidget* parent = nullptr);

    /// Asks for the typed project name before a nuke; replaced by tests.
    void setNukeConfirmation(std::function<bool(const QString& projectName)> confirm) { m_confirmNuke = std::move(confirm); }
    /// Asks whether to start despite \a warning (unreviewed MCP changes); replaced by tests.
    void setStartConfirmation(std::function<bool(const QString& warning)> confirm) { m_confirmStart = std::move(confirm); }

public Q_SLOTS:
    /// The stack's state from the engine: Start while it is not up (stackStateIsUp), Stop and
    /// Restart while it is; everything enabled while the engine is unavailable (state unknown).
    void setStackState(StackState state);
    void startInteractive();
    void startRestricted();
    void startConductor();
    void runAutonomous();
    void stop();
    void restart();
    void build();
    void nuke();
    void cancel();

private:
    /// False when Start has a warning and the person does not confirm it.
    bool startConfirmed();
    void attach(Job* job);
    void updateButtons();
    /// "Start: waiting for OpenCode to answer (12 s)": the running job's phase and its time.
    void showPhase();
    QPushButton* addButton(const QString& text, const QString& name, void (LifecyclePanel::*slot)());

    Lifecycle& m_lifecycle;
    QPointer<Job> m_job;
    StackState m_state = StackState::EngineUnavailable;
    std::function<bool(const QString&)> m_confirmNuke;
    std::function<bool(const QString&)> m_confirmStart;
    QList<QPushButton*> m_startButtons;
    QPushButton* m_stop = nullptr;
    QPushButton* m_restart = nullptr;
    QPushButton* m_build = nullptr;
    QPushButton* m_nuke = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_phase = nullptr;
    QTimer* m_phaseTick = nullptr;
    QProgressBar* m_progress = nullptr;
    QPlainTextEdit* m_output = nullptr;
};
