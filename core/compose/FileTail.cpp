#include "FileTail.h"

#include <QFile>
#include <QFileInfo>

FileTail::FileTail(const QString& path, QObject* parent)
    : QObject(parent)
    , m_path(path)
{
    connect(&m_timer, &QTimer::timeout, this, [this]() { poll(false); });
}

void FileTail::start(int intervalMs)
{
    const QFileInfo fi(m_path);
    m_offset = fi.exists() ? fi.size() : 0;
    m_timer.start(intervalMs);
}

void FileTail::stop()
{
    m_timer.stop();
    poll(true);
}

void FileTail::poll(bool flush)
{
    QFile f(m_path);
    if (f.open(QIODevice::ReadOnly)) {
        if (f.size() < m_offset) { // truncated or replaced
            m_offset = 0;
            m_partial.clear();
        }
        if (f.seek(m_offset)) {
            const QByteArray data = f.read(4 * 1024 * 1024);
            m_offset += data.size();
            m_partial += data;
        }
    }
    qsizetype start = 0;
    for (qsizetype nl = m_partial.indexOf('\n'); nl >= 0; nl = m_partial.indexOf('\n', start)) {
        Q_EMIT line(QString::fromUtf8(m_partial.mid(start, nl - start)).remove(QLatin1Char('\r')));
        start = nl + 1;
    }
    m_partial.remove(0, start);
    if (flush && !m_partial.isEmpty()) {
        Q_EMIT line(QString::fromUtf8(m_partial));
        m_partial.clear();
    }
}

QStringList FileTail::lastLines(const QString& path, int lines)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const qint64 chunk = 256 * 1024;
    f.seek(qMax<qint64>(0, f.size() - chunk));
    QStringList all = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
    if (!all.isEmpty() && all.last().isEmpty())
        all.removeLast();
    return all.mid(qMax<qsizetype>(0, all.size() - lines));
}
