#pragma once

#include "core/text/JsonStringState.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

/// Splits a byte stream of concatenated JSON objects (the /events and /stats bodies) into
/// complete objects, whatever the chunking. One object may be at most maxObjectBytes; a longer
/// one, or bytes that are not JSON objects, put the splitter in error (the stream is then reset).
class JsonStreamSplitter {
public:
    explicit JsonStreamSplitter(qsizetype maxObjectBytes = 1024 * 1024);
    /// Feeds bytes; returns the objects completed by them. Check error() afterwards.
    QList<QJsonObject> feed(const QByteArray& bytes);
    bool hasError() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }
    void reset();

private:
    qsizetype m_max;
    QByteArray m_current;
    int m_depth = 0;
    JsonStringState m_string;
    QString m_error;
};
