#pragma once

#include "core/allowlist/AllowlistTypes.h"

#include <QGroupBox>

class Allowlists;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

/// One allowlist in the Allowlists tab: its entries, state, findings, add/remove and the
/// "Review outside changes" action. Object names are prefixed with "apt" or "port".
class AllowlistPanel : public QGroupBox {
    Q_OBJECT
public:
    AllowlistPanel(Allowlists& allowlists, AllowlistKind kind, QWidget* parent = nullptr);

    /// Proposes adding the entries typed in the field and opens the review.
    void addTyped();
    /// Proposes removing the selected entries and opens the review.
    void removeSelected();
    /// Opens the review of changes made outside the panel.
    void reviewOutside();
    /// Re-reads the model into the widgets.
    void refresh();

private:
    QString name(const char* suffix) const;
    QLabel* errorLabel(const QString& objectName);
    void showError(const QString& text);

    Allowlists& m_allowlists;
    AllowlistKind m_kind;
    QLabel* m_state = nullptr;
    QLabel* m_findings = nullptr;
    QLabel* m_error = nullptr;
    QListWidget* m_list = nullptr;
    QLineEdit* m_entry = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_reviewOutside = nullptr;
};
