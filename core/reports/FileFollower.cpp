#include "FileFollower.h"

#include "core/fileio/RegularFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
constexpr qint64 kReadBlock = 1 << 20;
constexpr qint64 kBackBlock = 64 * 1024;

qint64 mtimeNs(const struct stat& st)
{
    return static_cast<qint64>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}
} // namespace

QString FollowerEvent::typeName(Type t)
{
    switch (t) {
    case Type::Opened: return QStringLiteral("opened");
    case Type::Missing: return QStringLiteral("missing");
    case Type::Created: return QStringLiteral("created");
    case Type::Truncated: return QStringLiteral("truncated");
    case Type::Rotated: return QStringLiteral("rotated");
    case Type::Deleted: return QStringLiteral("deleted");
    case Type::Rewritten: return QStringLiteral("rewritten");
    case Type::ReadError: return QStringLiteral("read error");
    }
    return {};
}

FileFollower::FileFollower(const QString& path, ReportKind kind, qint64 maxRecordBytes)
    : m_path(path)
    , m_kind(kind)
    , m_splitter(maxRecordBytes)
{
}

FollowerEvent FileFollower::event(FollowerEvent::Type type, const QString& detail, qint64 offset) const
{
    FollowerEvent e;
    e.type = type;
    e.file = m_path;
    e.detail = detail;
    e.offset = offset;
    return e;
}

bool FileFollower::openFile(QString* error)
{
    // O_NONBLOCK: a FIFO put in place of a report never blocks the open; only regular files are read.
    const int fd = ::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st { };
    if (fd < 0) {
        if (error && errno != ENOENT)
            *error = QStringLiteral("cannot read it: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        if (error && errno == ENXIO && ::stat(QFile::encodeName(m_path).constData(), &st) == 0)
            *error = QStringLiteral("it is %1, not a regular file").arg(RegularFile::kindOf(st.st_mode));
        return false;
    }
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (error)
            *error = QStringLiteral("it is %1, not a regular file").arg(RegularFile::kindOf(st.st_mode));
        ::close(fd);
        return false;
    }
    m_file.setFileName(m_path);
    if (!m_file.open(fd, QIODevice::ReadOnly | QIODevice::Unbuffered, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return false;
    }
    m_dev = st.st_dev;
    m_ino = st.st_ino;
    m_mtimeNs = mtimeNs(st);
    m_everOpened = true;
    m_missingReported = false;
    return true;
}

void FileFollower::closeFile()
{
    m_file.close();
}

void FileFollower::startAt(qint64 offset)
{
    m_splitter.reset(offset);
    m_guard.reset(offset);
}

qint64 FileFollower::findTailStart(int newest, qint64 size)
{
    // Record starts are '{' at column 0; we need newest + 1 of them (the last may be pending).
    const int wanted = newest + 1;
    int found = 0;
    qint64 hi = size;
    QByteArray block;
    while (hi > 0) {
        const qint64 lo = std::max<qint64>(0, hi - kBackBlock);
        const qint64 readFrom = lo > 0 ? lo - 1 : 0; // one byte more to see the preceding newline
        if (!m_file.seek(readFrom))
            return 0;
        block = m_file.read(hi - readFrom);
        if (block.size() != hi - readFrom)
            return 0;
        const char* d = block.constData();
        const qint64 base = readFrom;
        for (qint64 p = hi - 1; p >= lo; --p) {
            if (d[p - base] == '{' && (p == 0 || d[p - 1 - base] == '\n')) {
                if (++found >= wanted)
                    return p;
            }
        }
        hi = lo;
    }
    return 0;
}

FileFollower::Batch FileFollower::open(int newest)
{
    Batch batch;
    closeFile();
    QString error;
    if (!openFile(&error)) {
        if (!error.isEmpty())
            batch.events << event(FollowerEvent::Type::ReadError, error);
        else
            batch.events << event(FollowerEvent::Type::Missing, QStringLiteral("waiting for the file to appear"));
        m_missingReported = true;
        startAt(0);
        return batch;
    }
    const qint64 size = m_file.size();
    startAt(findTailStart(std::max(0, newest), size));
    batch.events << event(FollowerEvent::Type::Opened, QStringLiteral("%1 bytes").arg(size), m_splitter.position());
    readAppended(batch);
    if (batch.records.size() > newest)
        batch.records.erase(batch.records.begin(), batch.records.end() - std::max(0, newest));
    for (qsizetype i = 0; i < batch.records.size(); ++i)
        batch.records[i].seq = m_seq - batch.records.size() + i;
    return batch;
}

void FileFollower::readAppended(Batch& batch)
{
    if (!m_file.seek(m_splitter.position())) {
        batch.events << event(FollowerEvent::Type::ReadError, m_file.errorString());
        return;
    }
    QList<RawRecord> raws;
    QByteArray buf;
    for (;;) {
        buf = m_file.read(kReadBlock);
        if (buf.isEmpty())
            break;
        m_guard.append(buf.constData(), buf.size());
        m_splitter.feed(buf.constData(), buf.size(), raws);
        for (const RawRecord& raw : raws) {
            ReportRecord r = parseRecord(raw, m_kind, m_path);
            r.seq = m_seq++;
            ++m_counters.records;
            switch (r.status) {
            case ReportRecord::Status::Ok: {
                const QString ts = r.object.value(QLatin1String("timestamp")).toString();
                if (ts > m_lastTimestamp)
                    m_lastTimestamp = ts;
                break;
            }
            case ReportRecord::Status::Malformed: ++m_counters.malformed; break;
            case ReportRecord::Status::NotUtf8: ++m_counters.notUtf8; break;
            case ReportRecord::Status::Oversize: ++m_counters.oversize; break;
            }
            batch.records.append(std::move(r));
        }
        raws.clear();
        if (buf.size() < kReadBlock)
            break;
    }
}

void FileFollower::followFromChange(Batch& batch, qint64 changedAt, qint64 size)
{
    // After the alert, the rewritten part is read as new records, from the start of the record
    // holding the first changed byte.
    const qint64 at = std::clamp<qint64>(changedAt, 0, size);
    startAt(at <= 0 ? 0 : findTailStart(0, std::min(at + 1, size)));
    readAppended(batch);
}

bool FileFollower::refilledWithNewer(qint64 size)
{
    // Truncated and written again before we looked: the new content must start with a
    // complete record no older than the newest one we saw.
    if (!m_file.seek(0))
        return false;
    const QByteArray head = m_file.read(std::min<qint64>(size, 1 << 20));
    RecordSplitter s(m_splitter.maxRecordBytes());
    QList<RawRecord> raws;
    s.feed(head.constData(), head.size(), raws);
    if (raws.isEmpty() || raws.first().offset != 0)
        return false;
    const ReportRecord first = parseRecord(raws.first(), m_kind, m_path);
    const QString ts = first.object.value(QLatin1String("timestamp")).toString();
    return first.ok() && !ts.isEmpty() && ts >= m_lastTimestamp;
}

FileFollower::Batch FileFollower::poll()
{
    Batch batch;
    struct stat st { };
    const bool exists = ::stat(QFile::encodeName(m_path).constData(), &st) == 0;
    if (!m_file.isOpen()) {
        if (!exists) {
            if (!m_missingReported) {
                batch.events << event(FollowerEvent::Type::Missing, QStringLiteral("waiting for the file to appear"));
                m_missingReported = true;
            }
            return batch;
        }
        QString error;
        if (!openFile(&error)) {
            if (!error.isEmpty() && error != m_lastOpenError)
                batch.events << event(FollowerEvent::Type::ReadError, error);
            m_lastOpenError = error;
            return batch;
        }
        m_lastOpenError.clear();
        startAt(0);
        batch.events << event(FollowerEvent::Type::Created, QStringLiteral("following the new file from its start"), 0);
        readAppended(batch);
        return batch;
    }
    if (!exists || st.st_dev != m_dev || st.st_ino != m_ino) {
        readAppended(batch); // finish the old file through the descriptor we still hold
        closeFile();
        if (!exists) {
            batch.events << event(FollowerEvent::Type::Deleted, QStringLiteral("file removed; waiting for a new one"));
            m_missingReported = true;
            startAt(0);
            return batch;
        }
        batch.events << event(FollowerEvent::Type::Rotated, QStringLiteral("replaced by a new file; old one read to its end"));
        if (openFile()) {
            startAt(0);
            readAppended(batch);
        }
        return batch;
    }
    struct stat fst { };
    if (::fstat(m_file.handle(), &fst) != 0) {
        batch.events << event(FollowerEvent::Type::ReadError, QStringLiteral("cannot stat the open file"));
        return batch;
    }
    const qint64 size = fst.st_size;
    const qint64 pos = m_splitter.position();
    if (size < pos) {
        if (size == 0 || refilledWithNewer(size)) {
            batch.events << event(FollowerEvent::Type::Truncated, QStringLiteral("truncated from %1 to %2 bytes; reading from the start").arg(pos).arg(size),
                                  0);
            startAt(0);
            readAppended(batch);
        } else {
            qint64 changedAt = size;
            if (m_guard.verify(m_file, true, &changedAt))
                changedAt = size;
            batch.events << event(
                FollowerEvent::Type::Rewritten,
                QStringLiteral("file shrank from %1 to %2 bytes without rotation; following it from offset %3").arg(pos).arg(size).arg(changedAt), changedAt);
            followFromChange(batch, changedAt, size);
        }
        m_mtimeNs = mtimeNs(fst);
        return batch;
    }
    const bool changedWithoutGrowth = mtimeNs(fst) != m_mtimeNs && size == pos;
    qint64 changedAt = -1;
    if ((mtimeNs(fst) != m_mtimeNs || size != pos) && !m_guard.verify(m_file, changedWithoutGrowth, &changedAt)) {
        batch.events << event(FollowerEvent::Type::Rewritten,
                              QStringLiteral("bytes already read changed (at offset %1); following the new records from there").arg(changedAt), changedAt);
        m_mtimeNs = mtimeNs(fst);
        followFromChange(batch, changedAt, size);
        return batch;
    }
    m_mtimeNs = mtimeNs(fst);
    if (size > pos)
        readAppended(batch);
    return batch;
}
