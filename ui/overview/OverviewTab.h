#pragma once

#include <QWidget>

class Sandbox;

/// The Overview tab.
class OverviewTab : public QWidget {
    Q_OBJECT
public:
    explicit OverviewTab(Sandbox& sandbox, QWidget* parent = nullptr);

private:
    Sandbox& m_sandbox;
};
