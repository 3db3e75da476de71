#include "core/check/SecretScan.h"

#include "core/fileio/RegularFile.h"
#include "core/text/VisibleText.h"

#include <QByteArrayView>
#include <QFile>

#include <QRegularExpression>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

struct Walk {
    QString root;
    QList<QString> files;                     ///< relative paths, sorted per folder
    QList<QPair<quint64, quint64>> ancestors; ///< (dev, inode) of the folders above: a link back up is a loop
    QStringList errors;
};

void walk(Walk& w, const QString& relative)
{
    const QString dir = relative.isEmpty() ? w.root : w.root + QLatin1Char('/') + relative;
    struct stat st { };
    if (::stat(QFile::encodeName(dir).constData(), &st) != 0)
        return;
    const QPair<quint64, quint64> id{quint64(st.st_dev), quint64(st.st_ino)};
    if (w.ancestors.contains(id))
        return; // grep -R (fts, logical) warns about the loop and does not descend
    DIR* d = ::opendir(QFile::encodeName(dir).constData());
    if (!d) {
        w.errors.append(QStringLiteral("%1: cannot open the folder").arg(VisibleText::escape(relative)));
        return;
    }
    QStringList names;
    while (const dirent* e = ::readdir(d)) {
        const QString name = QFile::decodeName(e->d_name);
        if (name != QLatin1String(".") && name != QLatin1String(".."))
            names.append(name);
    }
    ::closedir(d);
    names.sort();
    w.ancestors.append(id);
    for (const QString& name : names) {
        const QString rel = relative.isEmpty() ? name : relative + QLatin1Char('/') + name;
        struct stat es { };
        if (::stat(QFile::encodeName(w.root + QLatin1Char('/') + rel).constData(), &es) != 0)
            continue; // a dangling link: grep -R reports it, it holds no text
        if (S_ISDIR(es.st_mode)) {
            if (name != QLatin1String(".git"))
                walk(w, rel);
        } else if (S_ISREG(es.st_mode)) {
            w.files.append(rel);
        }
    }
    w.ancestors.removeLast();
}

/// The line of \a bytes around \a pos: [start, end).
std::pair<qsizetype, qsizetype> lineAround(QByteArrayView bytes, qsizetype pos)
{
    qsizetype start = pos;
    while (start > 0 && bytes[start - 1] != '\n')
        --start;
    qsizetype end = bytes.indexOf('\n', pos);
    return {start, end < 0 ? bytes.size() : end};
}

/// What a finding shows of its line: the whole line when short, else the part around the match
/// (a 50 MB one-line file must not become 50 MB of output).
QString excerpt(const QString& line, qsizetype matchAt)
{
    constexpr qsizetype kShown = 400, kAround = 150;
    if (line.size() <= kShown)
        return line;
    const qsizetype from = std::max<qsizetype>(0, matchAt - kAround);
    const qsizetype to = std::min<qsizetype>(line.size(), matchAt + kAround);
    return (from > 0 ? QStringLiteral("…") : QString()) + line.mid(from, to - from) + (to < line.size() ? QStringLiteral("…") : QString());
}

/// Scans one segment of a file: \a bytes holds whole lines (or one window of a line longer than
/// a segment); \a firstLine is the line number of its first byte.
void scanSegment(const QString& rel, QByteArrayView bytes, qint64 firstLine, const QList<SecretPattern>& patterns, QList<QList<SecretFinding>>& perPattern)
{
    const QString base = rel.section(QLatin1Char('/'), -1);
    for (int i = 0; i < patterns.size(); ++i) {
        const SecretPattern& p = patterns.at(i);
        if (SecretScan::excluded(base, p))
            continue;
        // Candidate lines: those holding one of the pattern's literals; the regex decides.
        QList<std::pair<qsizetype, qsizetype>> lines;
        for (const QString& literal : p.literals) {
            const QByteArray lit = literal.toLatin1();
            for (qsizetype at = bytes.indexOf(lit); at >= 0; at = bytes.indexOf(lit, at + 1)) {
                const auto line = lineAround(bytes, at);
                lines.append(line);
                at = line.second;
            }
        }
        std::sort(lines.begin(), lines.end());
        lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
        for (const auto& [start, end] : lines) {
            const QString text = QString::fromLatin1(bytes.sliced(start, end - start));
            const QRegularExpressionMatch m = p.regex.match(text);
            if (!m.hasMatch())
                continue;
            const int number = int(firstLine + std::count(bytes.data(), bytes.data() + start, '\n'));
            QList<SecretFinding>& list = perPattern[i];
            if (!list.isEmpty() && list.last().file == rel && list.last().line == number)
                continue; // the same long line, seen again in the overlap of two windows
            list.append({p.id, rel, number, VisibleText::escape(SecretPatterns::mask(excerpt(text, m.capturedStart())))});
        }
    }
}

/// Reads \a path in segments of whole lines, so a file of any size is scanned with bounded
/// memory; a line longer than a segment is scanned in overlapping windows, so a match across
/// a window boundary is found. Returns the error that stopped the read, or empty.
QString scanFile(const QString& root, const QString& rel, const QList<SecretPattern>& patterns, QList<QList<SecretFinding>>& perPattern)
{
    constexpr qsizetype kSegment = 16 * 1024 * 1024, kOverlap = 64 * 1024;
    const QString path = root + QLatin1Char('/') + rel;
    if (const QString why = RegularFile::pathProblem(path); !why.isEmpty())
        return why;
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return QString::fromLocal8Bit(std::strerror(errno));
    struct stat st { };
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return QStringLiteral("%1, not a regular file").arg(RegularFile::kindOf(st.st_mode));
    }
    QList<QList<SecretFinding>> found(perPattern.size());
    QByteArray buf;
    qint64 line = 1;
    bool binary = false;
    QString error;
    for (bool eof = false; !eof && !binary;) {
        const qsizetype had = buf.size();
        buf.resize(had + kSegment);
        ssize_t n;
        do
            n = ::read(fd, buf.data() + had, size_t(kSegment));
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            error = QString::fromLocal8Bit(std::strerror(errno));
            break;
        }
        buf.resize(had + n);
        eof = n == 0;
        if (QByteArrayView(buf).sliced(had).contains('\0')) {
            binary = true; // grep -I: a binary file never matches
            break;
        }
        const qsizetype lastNewline = buf.lastIndexOf('\n');
        qsizetype cut = eof ? buf.size() : lastNewline + 1;
        qsizetype keepFrom = cut;
        if (cut == 0 && buf.size() > kSegment) { // one line longer than a segment: a window of it
            cut = buf.size();
            keepFrom = buf.size() - kOverlap;
        }
        if (cut > 0) {
            scanSegment(rel, QByteArrayView(buf).first(cut), line, patterns, found);
            line += std::count(buf.constData(), buf.constData() + keepFrom, '\n');
            buf.remove(0, keepFrom);
        }
    }
    ::close(fd);
    if (!binary)
        for (int i = 0; i < found.size(); ++i)
            perPattern[i].append(found.at(i));
    return error;
}
} // namespace

bool SecretScan::excluded(const QString& baseName, const SecretPattern& pattern)
{
    if (baseName.endsWith(QLatin1String(".md")) || baseName == QLatin1String(".env") || baseName == QLatin1String(".env.example"))
        return true;
    return pattern.skipsSecurityCheck && baseName == QLatin1String("security_check.sh");
}

SecretScan::Result SecretScan::scan(const QString& root, bool strict)
{
    Result r;
    Walk w;
    w.root = root;
    walk(w, {});
    r.errors = w.errors;
    const QList<SecretPattern> patterns = SecretPatterns::active(strict);
    QList<QList<SecretFinding>> perPattern(patterns.size());
    for (const QString& rel : w.files) {
        const QString error = scanFile(root, rel, patterns, perPattern);
        if (!error.isEmpty()) {
            r.errors.append(QStringLiteral("%1: %2").arg(VisibleText::escape(rel), error));
            continue;
        }
        ++r.filesScanned;
    }
    for (const QList<SecretFinding>& list : perPattern)
        r.findings.append(list);
    return r;
}
