#pragma once

#include "core/allowlist/Allowlists.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QLineEdit;
class QPushButton;

/// The review prompt for an allowlist change: the diff (+/- and colour), the risk notes of each
/// entry and what happens next. Approve stays disabled until "I have reviewed these changes" is
/// ticked and every high-risk entry is typed; Cancel is the default button and Escape cancels.
/// There is no timeout: nothing is approved unless a person clicks Approve.
class ReviewDialog : public QDialog {
    Q_OBJECT
public:
    explicit ReviewDialog(const AllowlistReview& review, QWidget* parent = nullptr);

    /// The reason the reviewer typed (for the audit line).
    QString reason() const;
    /// True when Approve can be clicked now.
    bool canApprove() const;

    /// Shows the dialog modally (it opens only on a user action) and returns true when approved.
    /// A pending setNextAnswer() answers instead, without showing anything (test hook, as
    /// keepassxc's MessageBox::setNextAnswer).
    static bool ask(const AllowlistReview& review, QWidget* parent, QString* reason);
    /// Test hook: the next ask() returns \a approve (with \a reason) without showing the dialog.
    static void setNextAnswer(std::optional<bool> approve, const QString& reason = {});

private:
    void updateApprove();

    QCheckBox* m_reviewed = nullptr;
    QLineEdit* m_reason = nullptr;
    QPushButton* m_approve = nullptr;
    QPushButton* m_cancel = nullptr;
    QList<QPair<QString, QLineEdit*>> m_typed;
};
