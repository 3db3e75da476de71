#pragma once

#include <QPointer>
#include <QStringList>
#include <QWidget>

class Job;
class Sandbox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QLabel;

/// The Logs tab: follows a service's container logs (compose logs -f) with search and pause.
class LogsTab : public QWidget {
    Q_OBJECT
public:
    explicit LogsTab(Sandbox& sandbox, QWidget* parent = nullptr);
    ~LogsTab() override;

public Q_SLOTS:
    /// (Re)starts following the selected service.
    void follow();
    void stopFollowing();
    void setPaused(bool paused);
    /// Selects the next match of the search text (wraps around).
    void findNext();

private:
    void append(const QString& line);

    Sandbox& m_sandbox;
    QPointer<Job> m_job;
    bool m_paused = false;
    QStringList m_held;
    QComboBox* m_service = nullptr;
    QPushButton* m_follow = nullptr;
    QPushButton* m_pause = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_status = nullptr;
    QPlainTextEdit* m_view = nullptr;
};
