#pragma once

#include "core/settings/Settings.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QLineEdit;
class QPushButton;

/// The review of a `.env` change that loosens the sandbox (core decides: SettingsChangeSet):
/// what changes, the risk of each key, a typed confirmation for the worst (egress full, seccomp
/// unconfined) and a reason for the audit line. Approve stays disabled until the reason is given,
/// every confirmation typed and "I understand" ticked; Cancel is the default button.
class LooseningDialog : public QDialog {
    Q_OBJECT
public:
    explicit LooseningDialog(const SettingsChangeSet& change, QWidget* parent = nullptr);

    QString reason() const;
    bool canApprove() const;

    /// Shows the dialog modally and returns true when approved (a pending setNextAnswer()
    /// answers instead, without showing anything: the test hook of ReviewDialog).
    static bool ask(const SettingsChangeSet& change, QWidget* parent, QString* reason);
    static void setNextAnswer(std::optional<bool> approve, const QString& reason = {});

    /// Sets \a key to \a value: a tightening or neutral change at once, a loosening only after
    /// ask() approved it (then with its reason and audit line). Cancelled: nothing written, Ok.
    static Settings::Result change(Settings& settings, const QString& key, const QString& value, QWidget* parent);

private:
    void updateApprove();

    QLineEdit* m_reason = nullptr;
    QCheckBox* m_understood = nullptr;
    QPushButton* m_approve = nullptr;
    QList<QPair<QString, QLineEdit*>> m_typed;
};
