#include "allowlist/AuditLog.h"

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
        {QStringLiteral("reason"), reason},
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

bool AuditLog::append(const AuditEntry& entry, QString* error) const
{
    QString dummy;
    QString* err = error ? error : &dummy;
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        *err = QStringLiteral("cannot create %1").arg(QFileInfo(m_path).absolutePath());
        return false;
    }
    QByteArray line = QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + '\n';
    const QByteArray path = QFile::encodeName(m_path);
    const int fd = ::open(path.constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        *err = sysError(QStringLiteral("cannot open"), m_path);
        return false;
    }
    // A previous writer that died mid-line (not us: we write whole lines) left a torn tail:
    // start on a fresh line so this one parses.
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        char last = '\n';
        const int rfd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
        if (rfd >= 0) {
            if (::pread(rfd, &last, 1, st.st_size - 1) != 1)
                last = '\n';
            ::close(rfd);
        }
        if (last != '\n')
            line.prepend('\n');
    }
    const ssize_t n = ::write(fd, line.constData(), size_t(line.size()));
    const bool whole = n == ssize_t(line.size());
    if (!whole)
        *err = n < 0 ? sysError(QStringLiteral("cannot write"), m_path)
                     : QStringLiteral("short write to %1 (disk full?)").arg(m_path);
    const bool synced = ::fsync(fd) == 0;
    if (whole && !synced)
        *err = sysError(QStringLiteral("cannot sync"), m_path);
    ::close(fd);
    return whole && synced;
}

QList<AuditEntry> AuditLog::read(QString* error) const
{
    QFile f(m_path);
    QList<AuditEntry> out;
    if (!f.exists())
        return out;
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(m_path, f.errorString());
        return out;
    }
    const QByteArray all = f.readAll();
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
