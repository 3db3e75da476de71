#include "AllSettingsDialog.h"

#include "ui/settings/LooseningDialog.h"

#include "core/logging/Redaction.h"
#include "core/settings/EnvPermissions.h"
#include "core/settings/EnvSections.h"
#include "core/settings/Settings.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

AllSettingsDialog::AllSettingsDialog(Settings& settings, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("allSettingsDialog"));
    setWindowTitle(tr("All settings — %1").arg(settings.path()));
    resize(720, 640);
    auto* layout = new QVBoxLayout(this);
    m_fileNotes = new QLabel(this);
    m_fileNotes->setObjectName(QStringLiteral("fileFindings"));
    m_fileNotes->setWordWrap(true);
    m_fileNotes->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_fileNotes->hide();
    layout->addWidget(m_fileNotes);
    m_fixPermissions = new QPushButton(tr("&Fix permissions (chmod 600)"), this);
    m_fixPermissions->setObjectName(QStringLiteral("fixPermissionsButton"));
    m_fixPermissions->setToolTip(tr(".env holds secrets: make it readable by its owner only"));
    m_fixPermissions->hide();
    layout->addWidget(m_fixPermissions, 0, Qt::AlignLeft);
    connect(m_fixPermissions, &QPushButton::clicked, this, [this] {
        QString error;
        if (!EnvPermissions::fix(m_settings.path(), &error))
            m_status->setText(error);
        refreshValues();
    });
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    layout->addWidget(scroll, 1);
    m_content = new QWidget(scroll);
    m_layout = new QVBoxLayout(m_content);
    scroll->setWidget(m_content);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("allSettingsStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(&m_settings, &Settings::changed, this, [this] {
        if (m_settings.env().keys().size() != m_edits.size())
            rebuild();
        else
            refreshValues();
    });
    rebuild();
}

AllSettingsDialog::~AllSettingsDialog()
{
    // Edits losing focus while the base class deletes them must not reach commit().
    for (QLineEdit* edit : std::as_const(m_edits))
        disconnect(edit, nullptr, this, nullptr);
}

void AllSettingsDialog::rebuild()
{
    while (QLayoutItem* item = m_layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_edits.clear();
    m_notes.clear();
    for (const EnvSection& section : envSections(m_settings.env())) {
        auto* box = new QGroupBox(section.title, m_content);
        auto* form = new QFormLayout(box);
        for (const QString& key : section.keys) {
            auto* row = new QWidget(box);
            auto* rowLayout = new QVBoxLayout(row);
            rowLayout->setContentsMargins(0, 0, 0, 0);
            auto* line = new QHBoxLayout;
            auto* edit = new QLineEdit(row);
            edit->setObjectName(QStringLiteral("edit_") + key);
            line->addWidget(edit, 1);
            if (Redaction::isSecretKey(key)) {
                edit->setEchoMode(QLineEdit::Password);
                auto* reveal = new QToolButton(row);
                reveal->setObjectName(QStringLiteral("reveal_") + key);
                reveal->setText(tr("Show"));
                reveal->setCheckable(true);
                reveal->setToolTip(tr("Show the secret value of %1").arg(key));
                connect(reveal, &QToolButton::toggled, edit, [edit, reveal](bool on) {
                    edit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
                    reveal->setText(on ? tr("Hide") : tr("Show"));
                });
                line->addWidget(reveal);
            }
            rowLayout->addLayout(line);
            auto* note = new QLabel(row);
            note->setObjectName(QStringLiteral("note_") + key);
            note->setWordWrap(true);
            note->hide();
            rowLayout->addWidget(note);
            auto* label = new QLabel(key, box);
            label->setBuddy(edit);
            form->addRow(label, row);
            m_edits.insert(key, edit);
            m_notes.insert(key, note);
            connect(edit, &QLineEdit::editingFinished, this, [this, key] { commit(key); });
        }
        m_layout->addWidget(box);
    }
    m_layout->addStretch(1);
    refreshValues();
}

void AllSettingsDialog::refreshValues()
{
    QHash<QString, QStringList> notes;
    QHash<QString, bool> isError;
    const Findings findings = m_settings.validate();
    for (const Finding& f : findings) {
        notes[f.key].append(f.severityName() + QStringLiteral(": ") + f.message);
        isError[f.key] = isError.value(f.key) || f.isError();
    }
    // Findings about the file as a whole (line N, .env, allowlists) have no field of their own.
    QStringList general;
    for (const Finding& f : findings)
        if (!m_edits.contains(f.key))
            general.append(Redaction::redact(f.toString()));
    m_fileNotes->setText(general.join(u'\n'));
    m_fileNotes->setVisible(!general.isEmpty());
    m_fixPermissions->setVisible(EnvPermissions::tooOpen(m_settings.path()));
    int errors = 0;
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) {
        const QString& key = it.key();
        if (!m_editErrors.contains(key)) // keep a refused edit on screen
            it.value()->setText(m_settings.value(key));
        QStringList lines = notes.value(key);
        if (m_editErrors.contains(key))
            lines.prepend(QStringLiteral("not saved: ") + m_editErrors.value(key));
        QLabel* note = m_notes.value(key);
        note->setText(lines.join(u'\n'));
        note->setVisible(!lines.isEmpty());
        const bool bad = isError.value(key) || m_editErrors.contains(key);
        errors += bad;
        note->setStyleSheet(bad ? QStringLiteral("color: #b00020;") : QStringLiteral("color: #8a6d00;"));
    }
    errors += int(general.size());
    m_status->setText(errors ? tr("%n problem(s) need attention.", nullptr, errors) : tr("All settings are valid."));
}

void AllSettingsDialog::commit(const QString& key)
{
    QLineEdit* edit = m_edits.value(key);
    if (!edit || edit->text() == m_settings.value(key)) {
        m_editErrors.remove(key);
        return;
    }
    m_editErrors.remove(key);
    const Settings::Result r = LooseningDialog::change(m_settings, key, edit->text(), this); // e.g. SECCOMP_PROFILE=unconfined
    if (!r.ok()) {
        m_editErrors.insert(key, Redaction::redact(r.message));
        refreshValues();
        edit->setFocus();
    } else if (m_settings.value(key) != edit->text()) { // the loosening review was cancelled
        refreshValues();
    }
}
