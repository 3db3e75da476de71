#pragma once

#include "core/checkout/Checkout.h"

#include <QGroupBox>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class SecurityCheck;

/// The Check action: runs the checkout's `make check` natively (SecurityCheck) and lists each
/// step with its findings (file:line, secrets masked).
class CheckPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit CheckPanel(const Checkout& checkout, QWidget* parent = nullptr);

public Q_SLOTS:
    void runCheck();

private:
    void showResults();

    SecurityCheck* m_check = nullptr;
    QPushButton* m_run = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_summary = nullptr;
    QTreeWidget* m_results = nullptr;
};
