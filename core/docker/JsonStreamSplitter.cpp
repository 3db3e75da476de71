#include "JsonStreamSplitter.h"

#include <QJsonDocument>
#include <QJsonParseError>

JsonStreamSplitter::JsonStreamSplitter(qsizetype maxObjectBytes)
    : m_max(maxObjectBytes)
{
}

void JsonStreamSplitter::reset()
{
    m_current.clear();
    m_depth = 0;
    m_string = {};
    m_error.clear();
}

QList<QJsonObject> JsonStreamSplitter::feed(const QByteArray& bytes)
{
    QList<QJsonObject> out;
    if (hasError())
        return out;
    qsizetype start = m_depth > 0 ? 0 : -1;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (start >= 0 && m_current.size() + (i + 1 - start) > m_max) {
            m_error = QStringLiteral("JSON object larger than %1 bytes in stream").arg(m_max);
            m_current.clear();
            return out;
        }
        if (m_depth == 0) {
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
                continue;
            if (c != '{') {
                m_error = QStringLiteral("stream is not a sequence of JSON objects");
                m_current.clear();
                return out;
            }
            start = i;
            m_depth = 1;
            continue;
        }
        if (m_string.feed(c))
            continue;
        if (c == '{' || c == '[') {
            if (++m_depth > 64) {
                m_error = QStringLiteral("JSON object nested too deeply");
                m_current.clear();
                return out;
            }
        } else if (c == '}' || c == ']') {
            if (--m_depth == 0) {
                m_current.append(bytes.constData() + start, i + 1 - start);
                start = -1;
                QJsonParseError pe;
                const QJsonDocument doc = QJsonDocument::fromJson(m_current, &pe);
                m_current.clear();
                if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
                    m_error = QStringLiteral("malformed JSON object in stream: %1").arg(pe.errorString());
                    return out;
                }
                out.append(doc.object());
            }
        }
    }
    if (m_depth > 0 && start >= 0)
        m_current.append(bytes.constData() + start, bytes.size() - start);
    return out;
}
