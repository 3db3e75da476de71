#pragma once

#include "core/compose/AutonomousRun.h"

#include <QPointer>
#include <QWidget>

class Job;
class Lifecycle;
class QLabel;
class QPlainTextEdit;
class QTimer;

/// The autonomous run: its task file, the project's autonomous.log as it grows, the elapsed
/// time, and how it ended (exit status). Hidden until a run starts; keeps the last run shown.
class AutonomousRunView : public QWidget {
    Q_OBJECT
public:
    explicit AutonomousRunView(Lifecycle& lifecycle, QWidget* parent = nullptr);

private:
    void begin(Job* job, const AutonomousRun& run);
    void end(const AutonomousRun& run);
    void tick();

    QPointer<Job> m_job;
    QTimer* m_tick;
    QLabel* m_task;
    QLabel* m_elapsed;
    QLabel* m_status;
    QPlainTextEdit* m_output;
};
