#include "core/allowlist/AuditLog.h"

#include "core/fileio/RegularFile.h"
#include "core/logging/Redaction.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
QJsonArray toArray(const QStringList& l)
{
    return QJsonArray::fromStringList(l);
}
QStringList fromArray(const QJsonValue& v)
{
    QStringList l;
    for (const QJsonValue& e : v.toArray())
        l.append(e.toString());
    return l;
}
QString sysError(const QString& what, const QString& path)
{
    return QStringLiteral("%1 %2: %3").arg(what, path, QString::fromLocal8Bit(std::strerror(errno)));
}
} // namespace

QJsonObject AuditEntry::toJson() const
{
    return QJsonObject{
        {QStringLiteral("timestamp"), timestamp.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("user"), user},
        {QStringLiteral("file"), file},
        {QStringLiteral("added"), toArray(added)},
        {QStringLiteral("removed"), toArray(removed)},
        {QStringLiteral("reason"), Redaction::redact(reason)}, // a secret typed into a reason stays out
        {QStringLiteral("sha256_before"), sha256Before},
        {QStringLiteral("sha256_after"), sha256After},
    };
}

AuditEntry AuditEntry::fromJson(const QJsonObject& o)
{
    AuditEntry e;
    e.timestamp = QDateTime::fromString(o.value(QStringLiteral("timestamp")).toString(), Qt::ISODate);
    e.user = o.value(QStringLiteral("user")).toString();
    e.file = o.value(QStringLiteral("file")).toString();
    e.added = fromArray(o.value(QStringLiteral("added")));
    e.removed = fromArray(o.value(QStringLiteral("removed")));
    e.reason = o.value(QStringLiteral("reason")).toString();
    e.sha256Before = o.value(QStringLiteral("sha256_before")).toString();
    e.sha256After = o.value(QStringLiteral("sha256_after")).toString();
    return e;
}

AuditLog::Appender::Appender(const QString& path)
    : m_path(path)
{
    if (const QString why = RegularFile::pathProblem(path); !why.isEmpty()) {
        m_error = QStringLiteral("cannot open %1: %2").arg(path.left(200), why);
        return;
    }
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        m_error = QStringLiteral("cannot create %1").arg(QFileInfo(m_path).absolutePath());
        return;
    }
    m_fd = ::open(QFile::encodeName(m_path).constData(), O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0600);
    struct stat st { };
    if (m_fd < 0) {
        m_error = sysError(QStringLiteral("cannot open"), m_path);
    } else if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        m_error = QStringLiteral("%1 is %2, not a regular file").arg(m_path, RegularFile::kindOf(st.st_mode));
        ::close(m_fd);
        m_fd = -1;
    }
}

AuditLog::Appender::~Appender()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool AuditLog::Appender::append(const AuditEntry& entry, QString* error)
{
    return appendJson(entry.toJson(), error);
}

bool AuditLog::Appender::appendJson(const QJsonObject& object, QString* error)
{
    QString dummy;
    QString* err = error ? error : &dummy;
    if (m_fd < 0) {
        *err = m_error;
        return false;
    }
    QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    // A previous writer that died mid-line (not us: we write whole lines) left a torn tail:
    // start on a fresh line so this one parses.
    struct stat st { };
    if (::fstat(m_fd, &st) == 0 && st.st_size > 0) {
        char last = '\n';
        const int rfd = ::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (rfd >= 0) {
            if (::pread(rfd, &last, 1, st.st_size - 1) != 1)
                last = '\n';
            ::close(rfd);
        }
        if (last != '\n')
            line.prepend('\n');
    }
    const ssize_t n = ::write(m_fd, line.constData(), size_t(line.size()));
    const bool whole = n == ssize_t(line.size());
    if (!whole) {
        *err = n < 0 ? sysError(QStringLiteral("cannot write"), m_path) : QStringLiteral("short write to %1 (disk full?)").arg(m_path);
        if (n > 0 && ::ftruncate(m_fd, st.st_size) != 0) // take the torn part back
            *err += QStringLiteral("; a torn line is left");
    }
    const bool synced = ::fsync(m_fd) == 0;
    if (whole && !synced)
        *err = sysError(QStringLiteral("cannot sync"), m_path);
    return whole && synced;
}

bool AuditLog::append(const AuditEntry& entry, QString* error) const
{
    Appender out(m_path);
    return out.append(entry, error);
}

QList<AuditEntry> AuditLog::read(QString* error) const
{
    QList<AuditEntry> out;
    const RegularFile::Read file = RegularFile::read(m_path, 256 * 1024 * 1024);
    if (!file.ok()) {
        if (error)
            *error = file.error;
        return out;
    }
    const QByteArray& all = file.bytes;
    const QList<QByteArray> lines = all.split('\n');
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) { // the part after the last '\n' is torn or empty
        const QJsonDocument doc = QJsonDocument::fromJson(lines[i]);
        if (doc.isObject())
            out.append(AuditEntry::fromJson(doc.object()));
    }
    return out;
}

QString AuditLog::sha256(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString AuditLog::currentUser()
{
    if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QString::number(::getuid()) : user;
}
