#pragma once

#include <QWidget>

class Sandbox;

/// The Logs tab.
class LogsTab : public QWidget {
    Q_OBJECT
public:
    explicit LogsTab(Sandbox& sandbox, QWidget* parent = nullptr);

private:
    Sandbox& m_sandbox;
};
