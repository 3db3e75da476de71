#include "core/check/SecretScan.h"

#include "core/fileio/RegularFile.h"
#include "core/text/VisibleText.h"

#include <QByteArrayView>
#include <QFile>

#include <algorithm>
#include <dirent.h>
#include <sys/stat.h>

namespace {
constexpr qint64 kMaxFileBytes = 256 * 1024 * 1024;

struct Walk {
    QString root;
    QList<QString> files;          ///< relative paths, sorted per folder
    QList<QPair<quint64, quint64>> ancestors; ///< (dev, inode) of the folders above: a link back up is a loop
    QStringList errors;
};

void walk(Walk& w, const QString& relative)
{
    const QString dir = relative.isEmpty() ? w.root : w.root + QLatin1Char('/') + relative;
    struct stat st {};
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
        struct stat es {};
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

void scanFile(const QString& rel, QByteArrayView bytes, const QList<SecretPattern>& patterns, QList<QList<SecretFinding>>& perPattern)
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
            if (!p.regex.match(text).hasMatch())
                continue;
            const int number = int(std::count(bytes.data(), bytes.data() + start, '\n')) + 1;
            perPattern[i].append({p.id, rel, number, VisibleText::escape(SecretPatterns::mask(text))});
        }
    }
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
        const RegularFile::Read f = RegularFile::read(root + QLatin1Char('/') + rel, kMaxFileBytes);
        if (!f.ok()) {
            r.errors.append(QStringLiteral("%1: %2").arg(VisibleText::escape(rel), f.error));
            continue;
        }
        ++r.filesScanned;
        if (f.bytes.contains('\0'))
            continue; // grep -I: a binary file never matches
        scanFile(rel, f.bytes, patterns, perPattern);
    }
    for (const QList<SecretFinding>& list : perPattern)
        r.findings.append(list);
    return r;
}
