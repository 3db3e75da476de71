#pragma once

#include <QDialog>
#include <QHash>

class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class QVBoxLayout;
class Settings;

/// Every key of `.env`, grouped by the file's section comments, with inline validation. Secret
/// values are masked until revealed explicitly. Each edit is written through Settings.
class AllSettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit AllSettingsDialog(Settings& settings, QWidget* parent = nullptr);
    ~AllSettingsDialog() override;

private:
    void rebuild();
    void refreshValues();
    void commit(const QString& key);

    Settings& m_settings;
    QWidget* m_content = nullptr;
    QVBoxLayout* m_layout = nullptr;
    QHash<QString, QLineEdit*> m_edits;
    QHash<QString, QLabel*> m_notes;
    QHash<QString, QString> m_editErrors;
    QLabel* m_status = nullptr;
    QPushButton* m_fixPermissions = nullptr; ///< shown while .env is readable by others
    QLabel* m_fileNotes = nullptr;           ///< findings not tied to one key (lines, line endings, allowlists)
};
