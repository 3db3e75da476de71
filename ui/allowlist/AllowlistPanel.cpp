#include "AllowlistPanel.h"
#include "ui/main/EmptyViewText.h"

#include "ReviewDialog.h"
#include "core/allowlist/Allowlists.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

AllowlistPanel::AllowlistPanel(Allowlists& allowlists, AllowlistKind kind, QWidget* parent)
    : QGroupBox(parent)
    , m_allowlists(allowlists)
    , m_kind(kind)
{
    setObjectName(name("Panel"));
    setTitle(kind == AllowlistKind::Apt ? tr("APT packages (%1)").arg(AllowlistKinds::relativePath(kind))
                                        : tr("Ports (%1)").arg(AllowlistKinds::relativePath(kind)));
    auto* layout = new QVBoxLayout(this);
    m_state = new QLabel(this);
    m_state->setObjectName(name("State"));
    layout->addWidget(m_state);
    m_findings = errorLabel(name("Findings"));
    layout->addWidget(m_findings);
    m_list = new QListWidget(this);
    m_list->setObjectName(name("List"));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEmptyViewText(m_list, kind == AllowlistKind::Apt ? tr("No packages allowed: the agent can install nothing with apt. Add one below.")
                                                        : tr("No ports allowed: any listener in the workspace is reported. Add one below."));
    layout->addWidget(m_list, 1);

    auto* row = new QHBoxLayout;
    m_entry = new QLineEdit(this);
    m_entry->setObjectName(name("NewEntry"));
    m_entry->setPlaceholderText(kind == AllowlistKind::Apt ? tr("package name(s)") : tr("port number(s)"));
    m_add = new QPushButton(kind == AllowlistKind::Apt ? tr("A&dd package…") : tr("Add p&ort…"), this);
    m_add->setObjectName(name("AddButton"));
    m_remove = new QPushButton(kind == AllowlistKind::Apt ? tr("Remo&ve selected…") : tr("Remove se&lected…"), this);
    m_remove->setObjectName(name("RemoveButton"));
    row->addWidget(m_entry, 1);
    row->addWidget(m_add);
    row->addWidget(m_remove);
    layout->addLayout(row);
    m_reviewOutside = new QPushButton(kind == AllowlistKind::Apt ? tr("Review outside &changes…") : tr("Review outside c&hanges…"), this);
    m_reviewOutside->setObjectName(name("ReviewOutsideButton"));
    layout->addWidget(m_reviewOutside);
    m_error = errorLabel(name("Error"));
    layout->addWidget(m_error);

    connect(m_add, &QPushButton::clicked, this, &AllowlistPanel::addTyped);
    connect(m_entry, &QLineEdit::returnPressed, this, &AllowlistPanel::addTyped);
    connect(m_remove, &QPushButton::clicked, this, &AllowlistPanel::removeSelected);
    connect(m_reviewOutside, &QPushButton::clicked, this, &AllowlistPanel::reviewOutside);
    connect(m_list, &QListWidget::itemSelectionChanged, this, [this] { m_remove->setEnabled(!m_list->selectedItems().isEmpty()); });
    connect(&m_allowlists, &Allowlists::changed, this, &AllowlistPanel::refresh);
    refresh();
}

QLabel* AllowlistPanel::errorLabel(const QString& objectName)
{
    auto* label = new QLabel(this);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(QStringLiteral("color: #b00020"));
    return label;
}

QString AllowlistPanel::name(const char* suffix) const
{
    return AllowlistKinds::name(m_kind) + QLatin1String(suffix);
}

void AllowlistPanel::showError(const QString& text)
{
    m_error->setText(text);
}

void AllowlistPanel::refresh()
{
    const QStringList selected = [this] {
        QStringList s;
        for (const QListWidgetItem* i : m_list->selectedItems())
            s.append(i->text());
        return s;
    }();
    m_list->clear();
    for (const QString& e : m_allowlists.file(m_kind).entries()) {
        auto* item = new QListWidgetItem(e, m_list);
        item->setSelected(selected.contains(e));
    }
    m_state->setText(tr("State: %1").arg(m_allowlists.stateLabels(m_kind).join(QStringLiteral(", "))));
    QStringList findings;
    if (!m_allowlists.readError(m_kind).isEmpty())
        findings.append(m_allowlists.readError(m_kind));
    for (const AllowlistFinding& f : m_allowlists.file(m_kind).findings())
        findings.append(f.toString());
    m_findings->setText(findings.join(QLatin1Char('\n')));
    m_findings->setVisible(!findings.isEmpty());
    m_reviewOutside->setEnabled(m_allowlists.hasUnreviewed(m_kind));
    m_remove->setEnabled(!m_list->selectedItems().isEmpty());
}

void AllowlistPanel::addTyped()
{
    const QStringList entries = m_entry->text().split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    if (entries.isEmpty()) {
        showError(tr("Type an entry to add first."));
        return;
    }
    const AllowlistReview review = m_allowlists.proposeAdd(m_kind, entries);
    if (!review.ok()) {
        showError(review.errors.join(QLatin1Char('\n')) + tr("\nNothing was written."));
        return;
    }
    QString reason;
    if (!ReviewDialog::ask(review, window(), &reason)) {
        showError(tr("Cancelled; nothing was written."));
        return;
    }
    const Allowlists::Result r = m_allowlists.apply(review, reason);
    if (!r.ok()) {
        showError(r.message);
        return;
    }
    m_entry->clear();
    showError({});
}

void AllowlistPanel::removeSelected()
{
    QStringList entries;
    for (const QListWidgetItem* i : m_list->selectedItems())
        entries.append(i->text());
    if (entries.isEmpty())
        return;
    const AllowlistReview review = m_allowlists.proposeRemove(m_kind, entries);
    if (!review.ok()) {
        showError(review.errors.join(QLatin1Char('\n')));
        return;
    }
    QString reason;
    if (!ReviewDialog::ask(review, window(), &reason)) {
        showError(tr("Cancelled; nothing was written."));
        return;
    }
    const Allowlists::Result r = m_allowlists.apply(review, reason);
    showError(r.ok() ? QString() : r.message);
}

void AllowlistPanel::reviewOutside()
{
    if (!m_allowlists.hasUnreviewed(m_kind))
        return;
    const AllowlistReview review = m_allowlists.outsideChanges(m_kind);
    QString reason;
    if (!ReviewDialog::ask(review, window(), &reason))
        return;
    const Allowlists::Result r = m_allowlists.recordReviewed(review, reason);
    showError(r.ok() ? QString() : r.message);
}
