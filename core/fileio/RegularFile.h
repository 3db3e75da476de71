#pragma once

#include <QByteArray>
#include <QString>

/// Reads checkout files that someone else may have replaced with something hostile: the path is
/// opened with O_NONBLOCK (a FIFO never blocks the open), anything but a regular file is refused
/// with its kind named, and no more than a size cap is ever read.
namespace RegularFile {
struct Read {
    bool exists = false; ///< something is at the path (a missing file is no error)
    QByteArray bytes;
    QString error; ///< why it was not read (empty: read, or missing)
    bool ok() const { return error.isEmpty(); }
};

/// Reads \a path, at most \a maxBytes (a larger file is an error, nothing returned).
Read read(const QString& path, qint64 maxBytes);
/// "a FIFO", "a directory", "a character device", ... for a stat mode; empty for a regular file.
QString kindOf(unsigned mode);
/// Why \a path cannot be used as a file path ("... is longer than PATH_MAX"), or empty.
QString pathProblem(const QString& path);
} // namespace RegularFile
