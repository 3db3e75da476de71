#include "EnvFile.h"

#include <QHash>
#include <QSet>

namespace {
bool isBlankChar(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
bool isKeyStart(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool isKeyChar(char c)
{
    return isKeyStart(c) || (c >= '0' && c <= '9');
}
// Characters that mean the same unquoted to the shell, python-dotenv (compose v1) and
// compose-go (v2). No '~' (tilde expansion in assignments), '$', '#', quotes or spaces.
bool isPlainChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '_' || u == '.' || u == '/' || u == ':' || u == '@' || u == '%'
           || u == '+' || u == ',' || u == '=' || u == '-';
}
QStringList keyParts(const QString& key)
{
    return key.split(u'_', Qt::SkipEmptyParts);
}
} // namespace

bool EnvFile::isValidKey(const QString& key)
{
    if (key.isEmpty() || key.size() > 256)
        return false;
    const QByteArray k = key.toLatin1();
    if (QString::fromLatin1(k) != key || !isKeyStart(k[0]))
        return false;
    for (char c : k)
        if (!isKeyChar(c))
            return false;
    return true;
}

QString EnvFile::decodeValue(const QByteArray& raw, char* quote, qsizetype* rawEnd)
{
    const char q = raw.isEmpty() ? 0 : raw[0];
    if (q == '"' || q == '\'') {
        QByteArray out;
        for (qsizetype i = 1; i < raw.size(); ++i) {
            const char c = raw[i];
            if (c == q) {
                if (quote)
                    *quote = q;
                if (rawEnd)
                    *rawEnd = i + 1;
                return QString::fromUtf8(out);
            }
            if (q == '"' && c == '\\' && i + 1 < raw.size() && (raw[i + 1] == '"' || raw[i + 1] == '\\' || raw[i + 1] == '$' || raw[i + 1] == '`')) {
                out.append(raw[++i]);
                continue;
            }
            out.append(c);
        }
        // Unterminated quote: fall through and read it as plain text.
    }
    if (quote)
        *quote = 0;
    qsizetype end = raw.size();
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] == '#' && (i == 0 || isBlankChar(raw[i - 1]))) {
            end = i;
            break;
        }
    }
    while (end > 0 && isBlankChar(raw[end - 1]))
        --end;
    if (rawEnd)
        *rawEnd = end;
    return QString::fromUtf8(raw.left(end));
}

EnvLine EnvFile::parseLine(const QByteArray& text, const QByteArray& eol)
{
    EnvLine line;
    line.text = text;
    line.eol = eol;
    qsizetype i = 0;
    while (i < text.size() && isBlankChar(text[i]))
        ++i;
    if (i == text.size()) {
        line.kind = EnvLine::Kind::Blank;
        return line;
    }
    if (text[i] == '#') {
        line.kind = EnvLine::Kind::Comment;
        return line;
    }
    if (text.mid(i, 6) == "export" && i + 6 < text.size() && (text[i + 6] == ' ' || text[i + 6] == '\t')) {
        i += 6;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
    }
    const qsizetype keyStart = i;
    if (i >= text.size() || !isKeyStart(text[i]))
        return line;
    while (i < text.size() && isKeyChar(text[i]))
        ++i;
    const qsizetype keyEnd = i;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        ++i;
    if (i >= text.size() || text[i] != '=')
        return line;
    ++i;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        ++i;
    line.kind = EnvLine::Kind::Assignment;
    line.key = QString::fromLatin1(text.mid(keyStart, keyEnd - keyStart));
    line.valueStart = i;
    qsizetype rawEnd = 0;
    line.value = decodeValue(text.mid(i), &line.quote, &rawEnd);
    line.valueEnd = i + rawEnd;
    return line;
}

EnvFile EnvFile::parse(const QByteArray& bytes)
{
    EnvFile file;
    qsizetype start = 0;
    while (start < bytes.size()) {
        const qsizetype nl = bytes.indexOf('\n', start);
        if (nl < 0) {
            file.m_lines.push_back(parseLine(bytes.mid(start), {}));
            break;
        }
        const bool crlf = nl > start && bytes[nl - 1] == '\r';
        const qsizetype textEnd = crlf ? nl - 1 : nl;
        file.m_lines.push_back(parseLine(bytes.mid(start, textEnd - start), crlf ? QByteArray("\r\n") : QByteArray("\n")));
        start = nl + 1;
    }
    return file;
}

QByteArray EnvFile::serialize() const
{
    QByteArray out;
    for (const EnvLine& line : m_lines)
        out += line.text + line.eol;
    return out;
}

int EnvFile::lineOf(const QString& key) const
{
    for (int i = int(m_lines.size()) - 1; i >= 0; --i)
        if (m_lines[size_t(i)].kind == EnvLine::Kind::Assignment && m_lines[size_t(i)].key == key)
            return i;
    return -1;
}

std::optional<QString> EnvFile::value(const QString& key) const
{
    const int i = lineOf(key);
    if (i < 0)
        return std::nullopt;
    return m_lines[size_t(i)].value;
}

QString EnvFile::value(const QString& key, const QString& fallback) const
{
    return value(key).value_or(fallback);
}

QStringList EnvFile::changedKeys(const EnvFile& a, const EnvFile& b)
{
    QStringList out;
    for (const QString& key : b.keys())
        if (a.value(key) != b.value(key))
            out.append(key);
    for (const QString& key : a.keys())
        if (!b.value(key))
            out.append(key);
    return out;
}

QStringList EnvFile::keys() const
{
    QStringList out;
    QSet<QString> seen;
    for (const EnvLine& line : m_lines) {
        if (line.kind == EnvLine::Kind::Assignment && !seen.contains(line.key)) {
            seen.insert(line.key);
            out.append(line.key);
        }
    }
    return out;
}

QStringList EnvFile::duplicateKeys() const
{
    QHash<QString, int> count;
    QStringList out;
    for (const EnvLine& line : m_lines) {
        if (line.kind == EnvLine::Kind::Assignment && ++count[line.key] == 2)
            out.append(line.key);
    }
    return out;
}

QList<int> EnvFile::malformedLines() const
{
    QList<int> out;
    for (size_t i = 0; i < m_lines.size(); ++i)
        if (m_lines[i].kind == EnvLine::Kind::Other)
            out.append(int(i) + 1);
    return out;
}

std::optional<QByteArray> EnvFile::encodeValue(const QString& value, char preferredQuote, QString* error)
{
    auto fail = [error](const QString& message) -> std::optional<QByteArray> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (value.contains(u'\n') || value.contains(u'\r') || value.contains(QChar(0)))
        return fail(QStringLiteral("values cannot contain a newline, carriage return or NUL character"));
    if (value.size() > 64 * 1024)
        return fail(QStringLiteral("value is longer than 65536 characters"));
    // A closing quote right after a backslash reads as an escaped quote to docker-compose (v1 and
    // v2): the value and the lines after it are misread. No quoting is safe for such a value.
    if (value.endsWith(u'\\'))
        return fail(QStringLiteral("a value ending in a backslash cannot be written so docker-compose reads it back: "
                                   "compose takes the closing quote for an escaped one"));
    const bool plainOk = std::all_of(value.cbegin(), value.cend(), isPlainChar);
    // Double quotes: the shell expands $ and ` inside them, compose v1 does not unescape \$.
    const bool doubleOk = !value.contains(u'$') && !value.contains(u'`');
    // Single quotes: compose v1 still expands ${...} and unescapes backslashes inside them.
    const bool singleOk = !value.contains(u'\'') && !value.contains(u'\\') && !value.contains(QStringLiteral("${"));
    auto encodeDouble = [&value] {
        QByteArray out("\"");
        for (const char c : value.toUtf8()) {
            if (c == '"' || c == '\\')
                out.append('\\');
            out.append(c);
        }
        return out + '"';
    };
    auto encodeSingle = [&value] { return "'" + value.toUtf8() + "'"; };
    if (preferredQuote == '"' && doubleOk)
        return encodeDouble();
    if (preferredQuote == '\'' && singleOk)
        return encodeSingle();
    if (plainOk)
        return value.toUtf8();
    if (doubleOk)
        return encodeDouble();
    if (singleOk)
        return encodeSingle();
    return fail(QStringLiteral("no quoting keeps this value unchanged for both the shell and docker-compose: "
                               "it contains '$' or '`' together with a single quote, a backslash or '${'"));
}

QByteArray EnvFile::defaultEol() const
{
    for (const EnvLine& line : m_lines)
        if (!line.eol.isEmpty())
            return line.eol;
    return "\n";
}

int EnvFile::insertionIndex(const QString& key) const
{
    const QStringList parts = keyParts(key);
    int bestPrefix = 0, prefixAt = -1, bestSuffix = 0, suffixAt = -1;
    for (int i = 0; i < int(m_lines.size()); ++i) {
        const EnvLine& line = m_lines[size_t(i)];
        if (line.kind != EnvLine::Kind::Assignment)
            continue;
        const QStringList other = keyParts(line.key);
        int prefix = 0;
        while (prefix < parts.size() && prefix < other.size() && parts[prefix] == other[prefix])
            ++prefix;
        int suffix = 0;
        while (suffix < parts.size() && suffix < other.size() && parts[parts.size() - 1 - suffix] == other[other.size() - 1 - suffix])
            ++suffix;
        if (prefix > 0 && prefix >= bestPrefix) {
            bestPrefix = prefix;
            prefixAt = i;
        }
        if (suffix > 0 && suffix >= bestSuffix) {
            bestSuffix = suffix;
            suffixAt = i;
        }
    }
    if (prefixAt >= 0)
        return prefixAt + 1;
    if (suffixAt >= 0)
        return suffixAt + 1;
    return int(m_lines.size());
}

bool EnvFile::set(const QString& key, const QString& value, QString* error)
{
    if (!isValidKey(key)) {
        if (error)
            *error = QStringLiteral("'%1' is not a valid key name (letters, digits and _; not starting with a digit)").arg(key);
        return false;
    }
    const int at = lineOf(key);
    if (at >= 0 && m_lines[size_t(at)].value == value)
        return true;
    const char preferred = at >= 0 ? m_lines[size_t(at)].quote : 0;
    const std::optional<QByteArray> encoded = encodeValue(value, preferred, error);
    if (!encoded)
        return false;
    EnvLine updated;
    if (at >= 0) {
        const EnvLine& old = m_lines[size_t(at)];
        updated = parseLine(old.text.left(old.valueStart) + *encoded + old.text.mid(old.valueEnd), old.eol);
    } else {
        updated = parseLine(key.toLatin1() + '=' + *encoded, {});
    }
    if (updated.kind != EnvLine::Kind::Assignment || updated.key != key || updated.value != value) {
        if (error)
            *error = QStringLiteral("the line for %1 would not read back as the value given; not written").arg(key);
        return false;
    }
    if (at >= 0) {
        m_lines[size_t(at)] = updated;
        return true;
    }
    const int index = insertionIndex(key);
    if (index > 0 && m_lines[size_t(index - 1)].eol.isEmpty()) {
        // The new line becomes the last one and keeps the file's missing final newline.
        m_lines[size_t(index - 1)].eol = defaultEol();
        updated.eol = {};
    } else {
        updated.eol = defaultEol();
    }
    m_lines.insert(m_lines.begin() + index, updated);
    return true;
}
