#pragma once

#include <QString>

/// How a write of a checkout file (.env, an allowlist, the review state) ended: the one result
/// type of the safe-write path, shared by Settings and Allowlists.
struct WriteResult {
    enum class Status {
        Ok,
        Refused,       ///< the change itself is not allowed (invalid value, rule broken); nothing written
        ChangedOnDisk, ///< the file changed since it was read; nothing written
        Busy,          ///< another writer holds the checkout lock; nothing written
        IoError,       ///< the write failed (full disk, permissions, read-only); the file is unchanged
    };
    Status status = Status::Ok;
    QString message;
    bool ok() const { return status == Status::Ok; }
};
