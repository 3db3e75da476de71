#include "EnvShellCheck.h"

#include <QStringDecoder>

namespace {
bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

Finding error(const QString& key, const QString& message)
{
    return {Finding::Severity::Error, key, message};
}

Finding warning(const QString& key, const QString& message)
{
    return {Finding::Severity::Warning, key, message};
}

void checkAssignment(const EnvLine& line, Findings& out)
{
    const QByteArray& t = line.text;
    const qsizetype eq = t.indexOf('=');
    if (eq > 0 && isBlank(t[eq - 1]))
        out.append(error(line.key, QStringLiteral("has a space before '=': the shell runs %1 as a command").arg(line.key)));
    const QByteArray raw = t.mid(line.valueStart, line.valueEnd - line.valueStart);
    if (raw.contains('\0'))
        out.append(error(line.key, QStringLiteral("has a NUL byte in its value: the shell and docker-compose cut the value there")));
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString decoded = utf8.decode(raw); // decoding happens on conversion to QString
    Q_UNUSED(decoded);
    if (utf8.hasError())
        out.append(error(line.key, QStringLiteral("has bytes that are not valid UTF-8 in its value")));
    if (line.quote == 0 && raw.endsWith('\\'))
        out.append(error(line.key, QStringLiteral("ends in a backslash: the shell joins the next line to this value "
                                                  "(bash cannot source the file as written); quote it")));
    if (line.valueStart > eq + 1 && !raw.isEmpty())
        out.append(error(line.key, QStringLiteral("has a space after '=': the shell runs the value as a command")));
    if (line.quote == 0) {
        if (raw.startsWith('"') || raw.startsWith('\''))
            out.append(error(line.key, QStringLiteral("has an unterminated quote")));
        else if (line.value.contains(u' ') || line.value.contains(u'\t'))
            out.append(error(line.key, QStringLiteral("has an unquoted value with a space: the shell runs the rest as a command; quote it")));
        else if (raw.contains(';') || raw.contains('&') || raw.contains('|') || raw.contains('<') || raw.contains('>') || raw.contains('(') || raw.contains(')')
                 || raw.contains('`'))
            out.append(error(line.key, QStringLiteral("has shell syntax (; & | < > ( ) `) in an unquoted value; quote it")));
        else if (raw.contains('"') || raw.contains('\''))
            out.append(warning(line.key, QStringLiteral("has quotes inside an unquoted value: the shell removes them, docker-compose keeps them")));
        else if (line.value.contains(u'#'))
            out.append(warning(line.key, QStringLiteral("has '#' in an unquoted value: some docker compose v2 versions cut the value there; quote it")));
        return;
    }
    if (line.quote == '"' && raw.size() >= 3 && raw[raw.size() - 2] == '\\')
        out.append(warning(line.key, QStringLiteral("ends in a backslash: docker-compose takes the closing quote for an escaped one "
                                                    "and misreads this and the following lines")));
    const QByteArray rest = t.mid(line.valueEnd).trimmed();
    if (!rest.isEmpty() && !rest.startsWith('#'))
        out.append(warning(line.key, QStringLiteral("has text after the closing quote: the shell and docker-compose read it differently")));
}
} // namespace

Findings EnvShellCheck::check(const EnvFile& env)
{
    Findings out;
    bool crlf = false;
    int number = 0;
    for (const EnvLine& line : env.lines()) {
        ++number;
        crlf = crlf || line.eol == "\r\n";
        if (line.kind == EnvLine::Kind::Other)
            out.append(
                error(QStringLiteral("line %1").arg(number), QStringLiteral("is neither KEY=value, a comment nor blank: the shell runs it as a command")));
        else if (line.kind == EnvLine::Kind::Assignment)
            checkAssignment(line, out);
    }
    if (crlf)
        out.append(error(QStringLiteral(".env"), QStringLiteral("has CRLF line endings: the shell keeps the carriage return "
                                                                "in every value (make validate rejects the file)")));
    return out;
}
