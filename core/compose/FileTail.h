#pragma once

#include <QObject>
#include <QTimer>

/// Follows a growing text file (autonomous.log): emits each new complete line. Starts at the
/// current end, survives the file appearing later, being truncated or replaced.
class FileTail : public QObject {
    Q_OBJECT
public:
    explicit FileTail(const QString& path, QObject* parent = nullptr);
    /// Begins following from the current end of the file (or its start if it does not exist yet).
    void start(int intervalMs = 200);
    /// Reads what is left (including a last unterminated line) and stops.
    void stop();
    /// The last \a lines lines of \a path (bounded read of its end).
    static QStringList lastLines(const QString& path, int lines);

Q_SIGNALS:
    void line(const QString& text);

private:
    void poll(bool flush);

    QString m_path;
    qint64 m_offset = 0;
    QByteArray m_partial;
    QTimer m_timer;
};
