#include "LooseningDialog.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
std::optional<bool> s_nextAnswer;
QString s_nextReason;

QString valueText(const QString& key, const QString& value)
{
    const QString shown = SettingsRisk::shown(key, value);
    return shown.isEmpty() ? QStringLiteral("(unset)") : shown;
}
} // namespace

LooseningDialog::LooseningDialog(const SettingsChangeSet& change, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("looseningDialog"));
    setWindowTitle(tr("Review: loosening the sandbox"));
    setWindowModality(Qt::WindowModal);
    auto* layout = new QVBoxLayout(this);

    auto* title = new QLabel(tr("<b>This change loosens the sandbox's hardening.</b> Nothing is written until you approve; "
                                "the running workspace keeps its settings until the next restart."),
                             this);
    title->setObjectName(QStringLiteral("looseningTitle"));
    title->setWordWrap(true);
    layout->addWidget(title);

    auto* table = new QTreeWidget(this);
    table->setObjectName(QStringLiteral("looseningChanges"));
    table->setColumnCount(4);
    table->setHeaderLabels({tr("Setting"), tr("From"), tr("To"), tr("Risk")});
    table->setRootIsDecorated(false);
    table->setWordWrap(true);
    for (const SettingChange& c : change.changes) {
        auto* item = new QTreeWidgetItem(table, {c.key, valueText(c.key, c.from), valueText(c.key, c.to),
                                                 c.direction == ChangeDirection::Loosen ? c.risk : tr("(tightens or changes nothing)")});
        if (c.direction == ChangeDirection::Loosen) {
            item->setForeground(2, QColor(0xb0, 0x00, 0x20));
            QFont bold = item->font(2);
            bold.setBold(true);
            item->setFont(2, bold);
        }
        item->setToolTip(3, c.risk);
    }
    table->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    table->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    table->header()->setStretchLastSection(true);
    table->setMaximumHeight(40 + 28 * int(change.changes.size()));
    layout->addWidget(table);
    // The risks in full (a table cell elides them).
    QStringList risks;
    for (const SettingChange& c : change.changes)
        if (c.direction == ChangeDirection::Loosen)
            risks << tr("• %1 → %2: %3").arg(c.key, valueText(c.key, c.to), c.risk);
    auto* riskText = new QLabel(risks.join(QLatin1Char('\n')), this);
    riskText->setObjectName(QStringLiteral("looseningRisks"));
    riskText->setWordWrap(true);
    riskText->setTextFormat(Qt::PlainText);
    layout->addWidget(riskText);

    auto* form = new QFormLayout;
    for (const QString& word : change.typedConfirmations()) {
        auto* typed = new QLineEdit(this);
        typed->setObjectName(QStringLiteral("confirmLoosen_%1").arg(word));
        typed->setPlaceholderText(word);
        m_typed.append({word, typed});
        form->addRow(tr("Worst case — type <b>%1</b> to confirm:").arg(word.toHtmlEscaped()), typed);
        connect(typed, &QLineEdit::textChanged, this, &LooseningDialog::updateApprove);
    }
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("looseningReason"));
    m_reason->setPlaceholderText(tr("why (kept in logs/settings-audit.jsonl)"));
    connect(m_reason, &QLineEdit::textChanged, this, &LooseningDialog::updateApprove);
    form->addRow(tr("R&eason:"), m_reason);
    layout->addLayout(form);

    m_understood = new QCheckBox(tr("I &understand what this allows"), this);
    m_understood->setObjectName(QStringLiteral("looseningUnderstood"));
    connect(m_understood, &QCheckBox::toggled, this, &LooseningDialog::updateApprove);
    layout->addWidget(m_understood);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    m_approve = new QPushButton(tr("&Loosen"), this);
    m_approve->setObjectName(QStringLiteral("looseningApprove"));
    m_approve->setAutoDefault(false);
    auto* cancel = new QPushButton(tr("Cancel"), this);
    cancel->setObjectName(QStringLiteral("looseningCancel"));
    cancel->setAutoDefault(true);
    cancel->setDefault(true);
    buttons->addWidget(m_approve);
    buttons->addWidget(cancel);
    layout->addLayout(buttons);
    connect(m_approve, &QPushButton::clicked, this, [this] {
        if (canApprove())
            accept();
    });
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    updateApprove();
    cancel->setFocus();
    resize(760, 320);
}

QString LooseningDialog::reason() const
{
    return m_reason->text().trimmed();
}

bool LooseningDialog::canApprove() const
{
    if (!m_understood->isChecked() || reason().isEmpty())
        return false;
    for (const auto& [word, edit] : m_typed)
        if (edit->text().trimmed() != word)
            return false;
    return true;
}

void LooseningDialog::updateApprove()
{
    m_approve->setEnabled(canApprove());
}

bool LooseningDialog::ask(const SettingsChangeSet& change, QWidget* parent, QString* reason)
{
    if (s_nextAnswer) {
        const bool answer = *s_nextAnswer;
        s_nextAnswer.reset();
        if (reason)
            *reason = s_nextReason;
        return answer;
    }
    LooseningDialog dialog(change, parent);
    const bool approved = dialog.exec() == QDialog::Accepted;
    if (reason)
        *reason = dialog.reason();
    return approved;
}

void LooseningDialog::setNextAnswer(std::optional<bool> approve, const QString& reason)
{
    s_nextAnswer = approve;
    s_nextReason = reason;
}

Settings::Result LooseningDialog::change(Settings& settings, const QString& key, const QString& value, QWidget* parent)
{
    const SettingsChangeSet change = settings.propose(key, value);
    if (!change.loosens())
        return settings.applyReviewed(change, {});
    QString reason;
    if (!ask(change, parent, &reason))
        return {};
    return settings.applyReviewed(change, reason);
}
