#pragma once

#include "core/fileio/WriteResult.h"

#include <QByteArray>

#include <optional>

/// The one safe-write path for checkout files (.env, allowlists, the review state).
///
/// The new bytes go to a temporary file in the same folder; every write(2), fchmod, fchown and
/// fsync(2) is checked, and a short or failed temporary file is never renamed. The replaced
/// file's mode, owner and group are kept (as root the new file is fchown'ed to the old owner; a
/// 400 file stays 400). With an expected content, the file is checked again right before the
/// rename, and the rename is an exchange (renameat2 RENAME_EXCHANGE) whose displaced file is
/// compared once more: a save made by an editor in between is put back and the write refused
/// (ChangedOnDisk). A read lease held across that window makes an editor's save in place (open,
/// truncate, write) wait, and the exchange is undone when one was attempted. ENOSPC, EACCES, EROFS and every other error leave the original untouched
/// and say so. Callers that share the checkout hold CheckoutLock around read and replace.
namespace SafeWrite {
/// What the caller read: the file existed (or not) with these bytes.
struct Expected {
    bool exists = false;
    QByteArray bytes;
};

/// Replaces \a path with \a bytes. With \a expected, refuses (ChangedOnDisk) when the file on
/// disk is not what was read. A new file gets \a newFileMode. \a maxBytes caps the re-reads.
WriteResult replaceIfUnchanged(const QString& path, const std::optional<Expected>& expected, const QByteArray& bytes, unsigned newFileMode = 0600,
                               qint64 maxBytes = 16 * 1024 * 1024);
/// A clear sentence for errno \a err while writing \a path (full disk, permission, read-only).
QString describeError(const QString& path, int err);
} // namespace SafeWrite
