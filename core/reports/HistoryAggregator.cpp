#include "HistoryAggregator.h"

#include <QMetaObject>

HistoryAggregator::HistoryAggregator(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<HistoryAggregate>();
}

HistoryAggregator::~HistoryAggregator()
{
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();
        delete m_thread;
    }
}

bool HistoryAggregator::start(const QString& path, ReportKind kind)
{
    if (m_thread)
        return false;
    m_cancel = false;
    m_thread = QThread::create([this, path, kind] {
        HistoryAggregate result;
        QString error;
        int lastPercent = -1;
        const bool ok = HistoryAggregate::compute(
            path, kind, &result, &m_cancel,
            [this, &lastPercent](qint64 done, qint64 total) {
                const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
                if (percent != lastPercent) {
                    lastPercent = percent;
                    QMetaObject::invokeMethod(
                        this, [this, percent] { Q_EMIT progress(percent); }, Qt::QueuedConnection);
                }
            },
            static_cast<int>(std::max(1, QThread::idealThreadCount())), &error);
        QMetaObject::invokeMethod(
            this,
            [this, ok, result, error] {
                m_thread->wait();
                delete m_thread;
                m_thread = nullptr;
                if (ok)
                    Q_EMIT finished(result);
                else
                    Q_EMIT failed(error);
            },
            Qt::QueuedConnection);
    });
    m_thread->start();
    return true;
}

void HistoryAggregator::cancel()
{
    m_cancel = true;
}
