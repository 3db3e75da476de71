#include "ReviewDialog.h"

#include "core/allowlist/EntryRules.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
std::optional<bool> s_nextAnswer;
QString s_nextReason;

const QColor kAddBg(0xd9, 0xf2, 0xd9), kAddFg(0x0b, 0x5e, 0x0b);
const QColor kRemoveBg(0xf8, 0xd7, 0xd7), kRemoveFg(0x8a, 0x10, 0x10);

QColor levelColour(RiskNote::Level level)
{
    switch (level) {
    case RiskNote::Level::High: return QColor(0xb0, 0x00, 0x20);
    case RiskNote::Level::Warning: return QColor(0x9a, 0x5b, 0x00);
    case RiskNote::Level::Info: break;
    }
    return QColor(0x30, 0x30, 0x30);
}
} // namespace

ReviewDialog::ReviewDialog(const AllowlistReview& review, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("reviewDialog"));
    const QString file = review.file.isEmpty() ? AllowlistKinds::relativePath(review.change.kind) : review.file;
    setWindowTitle(review.outside ? tr("Review outside changes to %1").arg(file) : tr("Review change to %1").arg(file));
    setWindowModality(Qt::WindowModal);
    auto* layout = new QVBoxLayout(this);

    auto* title = new QLabel(review.outside ? tr("<b>%1 was changed outside the panel.</b> Review what changed since the last review.").arg(file)
                                            : tr("<b>Security change to %1.</b> Nothing is written until you approve.").arg(file),
                             this);
    title->setObjectName(QStringLiteral("reviewTitle"));
    title->setWordWrap(true);
    layout->addWidget(title);

    auto* diffLabel = new QLabel(tr("&Changes (+ added, − removed):"), this);
    auto* diff = new QListWidget(this);
    diff->setObjectName(QStringLiteral("reviewDiff"));
    diffLabel->setBuddy(diff);
    QFont mono = diff->font();
    mono.setFamily(QStringLiteral("monospace"));
    diff->setFont(mono);
    for (const QString& e : review.change.added) {
        auto* item = new QListWidgetItem(QStringLiteral("+ %1").arg(review.shown(e)), diff);
        item->setBackground(kAddBg);
        item->setForeground(kAddFg);
        item->setToolTip(tr("added"));
    }
    for (const QString& e : review.change.removed) {
        auto* item = new QListWidgetItem(QStringLiteral("- %1").arg(review.shown(e)), diff);
        item->setBackground(kRemoveBg);
        item->setForeground(kRemoveFg);
        item->setToolTip(tr("removed"));
    }
    if (review.change.isEmpty())
        new QListWidgetItem(tr("(entries unchanged: only comments or layout)"), diff);
    diff->setMaximumHeight(qMin(30 + 22 * diff->count(), 160));
    layout->addWidget(diffLabel);
    layout->addWidget(diff);

    auto* notesLabel = new QLabel(tr("Risk &notes per entry:"), this);
    auto* notes = new QTreeWidget(this);
    notes->setObjectName(QStringLiteral("reviewNotes"));
    notesLabel->setBuddy(notes);
    notes->setColumnCount(3);
    notes->setHeaderLabels({tr("Entry"), tr("Level"), tr("Why")});
    notes->setRootIsDecorated(false);
    notes->setWordWrap(true);
    for (const RiskNote& n : review.notes) {
        auto* item = new QTreeWidgetItem(
            notes, {QStringLiteral("%1%2").arg(n.removal ? QLatin1Char('-') : QLatin1Char('+')).arg(review.shown(n.entry)), n.levelName().toUpper(), n.reason});
        item->setForeground(1, levelColour(n.level));
        if (n.level == RiskNote::Level::High) {
            QFont bold = item->font(1);
            bold.setBold(true);
            item->setFont(1, bold);
        }
        item->setToolTip(2, n.reason);
    }
    notes->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    notes->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    notes->header()->setStretchLastSection(true);
    layout->addWidget(notesLabel);
    layout->addWidget(notes, 1);

    auto* next = new QLabel(this);
    next->setObjectName(QStringLiteral("reviewNextSteps"));
    next->setWordWrap(true);
    next->setTextFormat(Qt::PlainText);
    QStringList steps;
    for (const QString& s : review.nextSteps)
        steps.append(QStringLiteral("• ") + s);
    next->setText(tr("What happens next:") + QLatin1Char('\n') + steps.join(QLatin1Char('\n')));
    layout->addWidget(next);

    auto* form = new QFormLayout;
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("reviewReason"));
    m_reason->setPlaceholderText(tr("why (kept in the audit log)"));
    form->addRow(tr("R&eason:"), m_reason);
    for (const QString& e : review.highRisk) {
        auto* typed = new QLineEdit(this);
        typed->setObjectName(QStringLiteral("confirmEntry_%1").arg(e));
        typed->setPlaceholderText(e);
        m_typed.append({e, typed});
        form->addRow(tr("High risk — type <b>%1</b> to confirm:").arg(e.toHtmlEscaped()), typed);
        connect(typed, &QLineEdit::textChanged, this, &ReviewDialog::updateApprove);
    }
    layout->addLayout(form);

    m_reviewed = new QCheckBox(tr("I have &reviewed these changes"), this);
    m_reviewed->setObjectName(QStringLiteral("reviewedCheck"));
    connect(m_reviewed, &QCheckBox::toggled, this, &ReviewDialog::updateApprove);
    layout->addWidget(m_reviewed);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    m_approve = new QPushButton(review.outside ? tr("&Record as reviewed") : tr("&Approve"), this);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_approve->setAutoDefault(false);
    m_approve->setDefault(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setAutoDefault(true);
    m_cancel->setDefault(true);
    buttons->addWidget(m_approve);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);
    connect(m_approve, &QPushButton::clicked, this, [this] {
        if (canApprove())
            accept();
    });
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    updateApprove();
    m_cancel->setFocus();
    resize(820, 480);
}

QString ReviewDialog::reason() const
{
    return m_reason->text().trimmed();
}

bool ReviewDialog::canApprove() const
{
    if (!m_reviewed->isChecked())
        return false;
    for (const auto& [entry, edit] : m_typed)
        if (edit->text() != entry)
            return false;
    return true;
}

void ReviewDialog::updateApprove()
{
    m_approve->setEnabled(canApprove());
}

bool ReviewDialog::ask(const AllowlistReview& review, QWidget* parent, QString* reason)
{
    if (s_nextAnswer) {
        const bool answer = *s_nextAnswer;
        s_nextAnswer.reset();
        if (reason)
            *reason = s_nextReason;
        return answer;
    }
    ReviewDialog dialog(review, parent);
    const bool approved = dialog.exec() == QDialog::Accepted;
    if (reason)
        *reason = dialog.reason();
    return approved;
}

void ReviewDialog::setNextAnswer(std::optional<bool> approve, const QString& reason)
{
    s_nextAnswer = approve;
    s_nextReason = reason;
}
