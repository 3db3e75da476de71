#include "LogsTab.h"
#include "ui/main/OutputView.h"

#include "core/compose/Lifecycle.h"
#include "core/sandbox/Sandbox.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextCursor>
#include <QVBoxLayout>

LogsTab::LogsTab(Sandbox& sandbox, QWidget* parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
{
    setObjectName(QStringLiteral("logsTab"));
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    m_service = new QComboBox(this);
    m_service->setObjectName(QStringLiteral("logsService"));
    m_service->addItem(tr("All services"), QString());
    m_service->addItem(QStringLiteral("workspace"), QStringLiteral("workspace"));
    m_service->addItem(QStringLiteral("llm-backend"), QStringLiteral("llm-backend"));
    auto* serviceLabel = new QLabel(tr("S&ervice:"), this);
    serviceLabel->setBuddy(m_service);
    m_follow = new QPushButton(tr("&Follow"), this);
    m_follow->setObjectName(QStringLiteral("logsFollow"));
    m_pause = new QPushButton(tr("&Pause"), this);
    m_pause->setObjectName(QStringLiteral("logsPause"));
    m_pause->setCheckable(true);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("logsSearch"));
    m_search->setPlaceholderText(tr("Search (Enter: next match)"));
    auto* searchLabel = new QLabel(tr("Searc&h:"), this);
    searchLabel->setBuddy(m_search);
    bar->addWidget(serviceLabel);
    bar->addWidget(m_service);
    bar->addWidget(m_follow);
    bar->addWidget(m_pause);
    bar->addWidget(searchLabel);
    bar->addWidget(m_search, 1);
    layout->addLayout(bar);
    m_status = new QLabel(tr("Not following"), this);
    m_status->setObjectName(QStringLiteral("logsStatus"));
    layout->addWidget(m_status);
    m_view = makeOutputView(QStringLiteral("logsView"), 20000, this);
    m_view->setPlaceholderText(tr("No log lines: Follow shows the containers' output (Alt+F)."));
    layout->addWidget(m_view, 1);

    connect(m_follow, &QPushButton::clicked, this, &LogsTab::follow);
    connect(m_pause, &QPushButton::toggled, this, &LogsTab::setPaused);
    connect(m_search, &QLineEdit::returnPressed, this, &LogsTab::findNext);
    connect(m_service, &QComboBox::currentIndexChanged, this, [this]() {
        if (m_job)
            follow();
    });
}

LogsTab::~LogsTab()
{
    stopFollowing();
}

void LogsTab::follow()
{
    stopFollowing();
    m_view->clear();
    m_held.clear();
    const QString service = m_service->currentData().toString();
    m_job = m_sandbox.lifecycle().logs(service, true, 500);
    m_status->setText(tr("Following %1").arg(service.isEmpty() ? tr("all services") : service));
    for (const QString& l : m_job->history())
        append(l);
    connect(m_job, &Job::outputLine, this, &LogsTab::append);
    connect(m_job, &Job::finished, this, [this, job = m_job.data()](Job::Status s) {
        m_status->setText(s == Job::Status::Succeeded || s == Job::Status::Cancelled ? tr("Not following") : tr("Logs failed: %1").arg(job->errorText()));
    });
}

void LogsTab::stopFollowing()
{
    if (!m_job)
        return;
    // A cancelled job still prints and finishes later: none of that belongs to the next view.
    disconnect(m_job, nullptr, this, nullptr);
    if (!m_job->isFinished())
        m_job->cancel();
    m_job = nullptr;
    m_status->setText(tr("Not following"));
}

void LogsTab::setPaused(bool paused)
{
    m_paused = paused;
    m_pause->setText(paused ? tr("Resume (&P)") : tr("&Pause"));
    if (!paused) {
        for (const QString& l : std::as_const(m_held))
            m_view->appendPlainText(l);
        m_held.clear();
    }
}

void LogsTab::append(const QString& line)
{
    if (m_paused) {
        m_held << line;
        if (m_held.size() > 20000)
            m_held.removeFirst();
        return;
    }
    m_view->appendPlainText(line);
}

void LogsTab::findNext()
{
    const QString text = m_search->text();
    if (text.isEmpty())
        return;
    if (!m_view->find(text)) {
        m_view->moveCursor(QTextCursor::Start);
        m_view->find(text);
    }
}
