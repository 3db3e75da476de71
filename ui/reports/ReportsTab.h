#pragma once

#include <QWidget>

class Sandbox;

/// The Reports tab.
class ReportsTab : public QWidget {
    Q_OBJECT
public:
    explicit ReportsTab(Sandbox& sandbox, QWidget* parent = nullptr);

private:
    Sandbox& m_sandbox;
};
