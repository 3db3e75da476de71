#pragma once

#include <QWidget>

class Sandbox;

/// The Allowlists tab.
class AllowlistsTab : public QWidget {
    Q_OBJECT
public:
    explicit AllowlistsTab(Sandbox& sandbox, QWidget* parent = nullptr);

private:
    Sandbox& m_sandbox;
};
