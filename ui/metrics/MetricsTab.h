#pragma once

#include <QWidget>

class Sandbox;

/// The Metrics tab.
class MetricsTab : public QWidget {
    Q_OBJECT
public:
    explicit MetricsTab(Sandbox& sandbox, QWidget* parent = nullptr);

private:
    Sandbox& m_sandbox;
};
