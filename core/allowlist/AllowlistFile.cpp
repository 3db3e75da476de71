#include "core/allowlist/AllowlistFile.h"

#include "core/allowlist/EntryRules.h"

#include <QHash>
#include <QStringDecoder>

namespace {
constexpr int kMaxLineBytes = 4096;

/// Byte offset of the first invalid UTF-8 sequence in \a text, or -1.
qsizetype invalidUtf8At(const QByteArray& text)
{
    QStringDecoder dec(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    for (qsizetype i = 0; i < text.size();) {
        const uchar c = uchar(text[i]);
        const int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || i + len > text.size())
            return i;
        if (len > 1) {
            const QString s = dec.decode(QByteArrayView(text).sliced(i, len));
            if (dec.hasError() || s.contains(QChar::ReplacementCharacter))
                return i;
        }
        i += len;
    }
    return -1;
}
} // namespace

AllowlistFile AllowlistFile::parse(AllowlistKind kind, const QByteArray& bytes)
{
    AllowlistFile f;
    f.m_kind = kind;
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        qsizetype nl = bytes.indexOf('\n', pos);
        Line line;
        if (nl < 0) {
            line.text = bytes.mid(pos);
            pos = bytes.size();
        } else {
            line.text = bytes.mid(pos, nl - pos);
            line.eol = "\n";
            pos = nl + 1;
            if (line.text.endsWith('\r')) {
                line.text.chop(1);
                line.eol = "\r\n";
            }
        }
        const QByteArray trimmed = line.text.trimmed();
        if (trimmed.isEmpty() && line.text.size() <= kMaxLineBytes)
            line.kind = Line::Kind::Blank;
        else if (trimmed.startsWith('#'))
            line.kind = Line::Kind::Comment;
        else {
            line.kind = Line::Kind::Entry; // validate() demotes bad ones to Invalid
            line.entry = QString::fromUtf8(line.text);
        }
        f.m_lines.push_back(std::move(line));
    }
    f.validate();
    return f;
}

void AllowlistFile::validate()
{
    using S = AllowlistFinding::Severity;
    QHash<QString, int> seen;
    int previousLine = 0;
    QString previous;
    int crlf = 0;
    for (const Line& l : m_lines)
        crlf += l.eol == "\r\n" ? 1 : 0;
    bool crlfReported = false;
    for (size_t i = 0; i < m_lines.size(); ++i) {
        Line& l = m_lines[i];
        const int n = int(i) + 1;
        if (l.eol == "\r\n" && !crlfReported) {
            crlfReported = true;
            m_findings.append(
                {S::Error, n,
                 QStringLiteral("Windows line ending (CRLF), %1 line(s) from here; the sandbox would read entries with a trailing \\r").arg(crlf)});
        }
        const qsizetype bad = invalidUtf8At(l.text);
        if (bad >= 0) {
            m_findings.append(
                {S::Error, n, QStringLiteral("not valid UTF-8 (byte 0x%1 at column %2)").arg(uchar(l.text[bad]), 2, 16, QLatin1Char('0')).arg(bad + 1)});
            l.kind = Line::Kind::Invalid;
            continue;
        }
        if (l.text.size() > kMaxLineBytes) {
            m_findings.append({S::Error, n, QStringLiteral("line is %1 bytes long; not an entry").arg(l.text.size())});
            l.kind = Line::Kind::Invalid;
            continue;
        }
        if (l.kind != Line::Kind::Entry)
            continue;
        const QByteArray trimmed = l.text.trimmed();
        if (trimmed != l.text && EntryRules::existingEntryError(m_kind, QString::fromUtf8(trimmed)).isEmpty()) {
            m_findings.append(
                {S::Error, n,
                 QStringLiteral("'%1' has %2 whitespace; the entry would not match")
                     .arg(EntryRules::display(QString::fromUtf8(trimmed)), l.text.endsWith(trimmed) ? QStringLiteral("leading") : QStringLiteral("trailing"))});
            l.kind = Line::Kind::Invalid;
            continue;
        }
        const QString why = EntryRules::existingEntryError(m_kind, l.entry);
        if (!why.isEmpty()) {
            m_findings.append({S::Error, n, QStringLiteral("'%1' is not a valid entry: %2").arg(EntryRules::display(l.entry), why)});
            l.kind = Line::Kind::Invalid;
            continue;
        }
        const QString range = EntryRules::outOfRangeWarning(m_kind, l.entry);
        if (!range.isEmpty())
            m_findings.append({S::Warning, n, range});
        if (const auto it = seen.constFind(l.entry); it != seen.constEnd()) {
            m_findings.append({S::Error, n, QStringLiteral("'%1' duplicates line %2").arg(l.entry).arg(*it)});
            continue;
        }
        seen.insert(l.entry, n);
        if (previousLine > 0 && EntryRules::lessThan(m_kind, l.entry, previous))
            m_findings.append({S::Error, n,
                               QStringLiteral("'%1' is out of order: it must come before '%2' (line %3)%4")
                                   .arg(l.entry, previous)
                                   .arg(previousLine)
                                   .arg(m_kind == AllowlistKind::Apt ? QStringLiteral("; byte order, as LC_ALL=C sort") : QStringLiteral("; numeric order"))});
        else {
            previous = l.entry;
            previousLine = n;
        }
    }
}

QByteArray AllowlistFile::serialize() const
{
    QByteArray out;
    for (const Line& l : m_lines)
        out += l.text + l.eol;
    return out;
}

QStringList AllowlistFile::entries() const
{
    QStringList list;
    for (const Line& l : m_lines)
        if (l.kind == Line::Kind::Entry)
            list.append(l.entry);
    return list;
}

int AllowlistFile::lineOf(const QString& entry) const
{
    for (size_t i = 0; i < m_lines.size(); ++i)
        if (m_lines[i].kind == Line::Kind::Entry && m_lines[i].entry == entry)
            return int(i) + 1;
    return -1;
}

bool AllowlistFile::hasErrors() const
{
    for (const AllowlistFinding& f : m_findings)
        if (f.isError())
            return true;
    return false;
}

QStringList AllowlistFile::check(const ChangeSet& change) const
{
    QStringList errors;
    if (change.kind != m_kind)
        errors.append(QStringLiteral("the change is for the %1 list, not the %2 list").arg(AllowlistKinds::name(change.kind), AllowlistKinds::name(m_kind)));
    if (hasErrors())
        errors.append(QStringLiteral("%1 has errors; fix them by hand first (it is never rewritten while invalid)").arg(AllowlistKinds::relativePath(m_kind)));
    if (change.isEmpty())
        errors.append(QStringLiteral("nothing to change"));
    QStringList seen;
    for (const QString& e : change.added) {
        const QString why = EntryRules::newEntryError(m_kind, e);
        if (!why.isEmpty())
            errors.append(QStringLiteral("'%1' refused: %2").arg(EntryRules::display(e), why));
        else if (seen.contains(e))
            errors.append(QStringLiteral("'%1' is given twice").arg(e));
        else if (const int n = lineOf(e); n > 0)
            errors.append(QStringLiteral("'%1' is already listed (line %2)").arg(e).arg(n));
        seen.append(e);
    }
    for (const QString& e : change.removed) {
        if (seen.contains(e))
            errors.append(QStringLiteral("'%1' is both added and removed").arg(EntryRules::display(e)));
        else if (lineOf(e) < 0)
            errors.append(QStringLiteral("'%1' is not in the list").arg(EntryRules::display(e)));
        seen.append(e);
    }
    return errors;
}

QByteArray AllowlistFile::eolForNewLines() const
{
    for (const Line& l : m_lines)
        if (!l.eol.isEmpty())
            return l.eol;
    return "\n";
}

bool AllowlistFile::apply(const ChangeSet& change, QStringList* errors)
{
    const QStringList why = check(change);
    if (!why.isEmpty()) {
        if (errors)
            *errors = why;
        return false;
    }
    const QByteArray eol = eolForNewLines();
    std::erase_if(m_lines, [&](const Line& l) { return l.kind == Line::Kind::Entry && change.removed.contains(l.entry); });
    QStringList added = change.added;
    EntryRules::sortEntries(m_kind, &added);
    for (const QString& e : added) {
        int lastSmaller = -1, firstEntry = -1;
        for (size_t i = 0; i < m_lines.size(); ++i) {
            if (m_lines[i].kind != Line::Kind::Entry)
                continue;
            if (firstEntry < 0)
                firstEntry = int(i);
            if (EntryRules::lessThan(m_kind, m_lines[i].entry, e))
                lastSmaller = int(i);
        }
        const int at = lastSmaller >= 0 ? lastSmaller + 1 : firstEntry >= 0 ? firstEntry : int(m_lines.size());
        if (at > 0 && m_lines[size_t(at) - 1].eol.isEmpty())
            m_lines[size_t(at) - 1].eol = eol; // the old last line had no newline
        Line line{Line::Kind::Entry, e.toUtf8(), eol, e};
        m_lines.insert(m_lines.begin() + at, std::move(line));
    }
    m_findings.clear();
    validate();
    return true;
}
