#include "PortHolders.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonObject>
#include <QSet>

#include <unistd.h>

namespace {
constexpr int kMaxCommand = 100;

/// "0100007F" (tcp) or 32 hex digits (tcp6): four 32-bit words in the kernel's byte order.
QString addressFromHex(const QByteArray& hex)
{
    QByteArray bytes;
    for (qsizetype i = 0; i + 8 <= hex.size(); i += 8) {
        const QByteArray word = QByteArray::fromHex(hex.mid(i, 8));
        for (qsizetype b = word.size() - 1; b >= 0; --b)
            bytes += word.at(b);
    }
    if (bytes.size() == 4)
        return QHostAddress(quint32(uchar(bytes[0])) << 24 | quint32(uchar(bytes[1])) << 16 | quint32(uchar(bytes[2])) << 8 | uchar(bytes[3])).toString();
    if (bytes.size() == 16)
        return QHostAddress(reinterpret_cast<const quint8*>(bytes.constData())).toString();
    return {};
}

QString linkTarget(const QString& path)
{
    char buf[256];
    const ssize_t n = ::readlink(QFile::encodeName(path).constData(), buf, sizeof buf - 1);
    return n > 0 ? QString::fromLatin1(buf, int(n)) : QString();
}

QString commandOf(const QString& procRoot, const QString& pid)
{
    QFile f(QDir(procRoot).filePath(pid + QStringLiteral("/cmdline")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QByteArray raw = f.readAll();
    while (raw.endsWith('\0'))
        raw.chop(1);
    QString command = QString::fromUtf8(raw.replace('\0', ' ')).simplified();
    if (command.size() > kMaxCommand)
        command = command.left(kMaxCommand - 1) + QChar(0x2026);
    return command;
}
} // namespace

QString PortHolder::describe(const QString& ownProject) const
{
    if (kind == Kind::Process) {
        if (pid <= 0)
            return QStringLiteral("a process of this machine that this user may not see (no permission to read /proc/PID/fd)");
        return QStringLiteral("process %1 (%2) on this machine").arg(pid).arg(command.isEmpty() ? QStringLiteral("?") : command);
    }
    if (project.isEmpty())
        return QStringLiteral("container %1 (image %2, not part of a compose project)").arg(container, image);
    if (project == ownProject)
        return QStringLiteral("container %1 of this stack (service %2)").arg(container, service);
    const QString where = workingDir.isEmpty() ? QString() : QStringLiteral(" in %1").arg(workingDir);
    return QStringLiteral("container %1 of another sandbox checkout (compose project %2%3, service %4)").arg(container, project, where, service);
}

namespace PortHolders {

bool addressesOverlap(const QString& a, const QString& b)
{
    // "::" (dual stack) and no address overlap everything; 0.0.0.0 every IPv4 address.
    auto covers = [](const QString& wide, const QString& other) {
        const QHostAddress w(wide);
        return wide.isEmpty() || w == QHostAddress::AnyIPv6 || (w == QHostAddress::AnyIPv4 && QHostAddress(other).protocol() == QAbstractSocket::IPv4Protocol);
    };
    if (covers(a, b) || covers(b, a))
        return true;
    return QHostAddress(a).isEqual(QHostAddress(b), QHostAddress::ConvertV4MappedToIPv4);
}

QList<PortHolder> processes(int port, const QString& hostIp, const QString& procRoot)
{
    QSet<QString> inodes;
    for (const char* table : {"net/tcp", "net/tcp6"}) {
        QFile f(QDir(procRoot).filePath(QString::fromLatin1(table)));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        f.readLine(); // header
        while (!f.atEnd()) {
            const QList<QByteArray> cols = f.readLine().simplified().split(' ');
            if (cols.size() < 10 || cols.at(3) != "0A") // 0A: LISTEN
                continue;
            const QList<QByteArray> local = cols.at(1).split(':');
            bool ok = false;
            if (local.size() != 2 || local.at(1).toInt(&ok, 16) != port || !ok)
                continue;
            if (addressesOverlap(addressFromHex(local.at(0)), hostIp))
                inodes.insert(QString::fromLatin1(cols.at(9)));
        }
    }
    QList<PortHolder> found;
    if (inodes.isEmpty())
        return found;
    QSet<QString> seen;
    const QStringList pids = QDir(procRoot).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& pid : pids) {
        bool numeric = false;
        const qint64 n = pid.toLongLong(&numeric);
        if (!numeric)
            continue;
        const QDir fds(QDir(procRoot).filePath(pid + QStringLiteral("/fd")));
        for (const QString& fd : fds.entryList(QDir::System | QDir::NoDotAndDotDot)) {
            const QString target = linkTarget(fds.filePath(fd));
            if (!target.startsWith(QLatin1String("socket:[")))
                continue;
            const QString inode = target.mid(8, target.size() - 9);
            if (!inodes.contains(inode))
                continue;
            seen.insert(inode);
            PortHolder h;
            h.pid = n;
            h.command = commandOf(procRoot, pid);
            found << h;
            break;
        }
    }
    if (seen.size() < inodes.size())
        found << PortHolder{}; // a listener whose process this user cannot see
    return found;
}

QList<PortHolder> containers(const QJsonArray& running, int port, const QString& hostIp)
{
    QList<PortHolder> found;
    for (const QJsonValue& v : running) {
        const QJsonObject c = v.toObject();
        bool publishes = false;
        for (const QJsonValue& p : c.value(QStringLiteral("Ports")).toArray()) {
            const QJsonObject o = p.toObject();
            if (o.value(QStringLiteral("PublicPort")).toInt() == port && o.value(QStringLiteral("Type")).toString() == QLatin1String("tcp")
                && addressesOverlap(o.value(QStringLiteral("IP")).toString(), hostIp))
                publishes = true;
        }
        if (!publishes)
            continue;
        const QJsonObject labels = c.value(QStringLiteral("Labels")).toObject();
        PortHolder h;
        h.kind = PortHolder::Kind::Container;
        h.container = c.value(QStringLiteral("Names")).toArray().at(0).toString().mid(1);
        h.image = c.value(QStringLiteral("Image")).toString();
        h.project = labels.value(QStringLiteral("com.docker.compose.project")).toString();
        h.service = labels.value(QStringLiteral("com.docker.compose.service")).toString();
        h.workingDir = labels.value(QStringLiteral("com.docker.compose.project.working_dir")).toString();
        found << h;
    }
    return found;
}

QList<PortHolder> merge(const QList<PortHolder>& containers, const QList<PortHolder>& processes)
{
    return containers.isEmpty() ? processes : containers;
}

QString describe(const QList<PortHolder>& holders, const QString& ownProject)
{
    if (holders.isEmpty())
        return QStringLiteral("in use (its holder is not visible from here)");
    QStringList parts;
    for (const PortHolder& h : holders)
        parts << h.describe(ownProject);
    parts.removeDuplicates();
    return QStringLiteral("in use by %1").arg(parts.join(QStringLiteral(" and ")));
}
} // namespace PortHolders
