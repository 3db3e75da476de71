#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

/// The one precision of every time the panel compares: milliseconds, UTC. The engine's inspect
/// times (Created, State.StartedAt, an image's Created, a stats sample's "read") carry
/// nanoseconds; file times (QFileInfo) and the panel's own records carry milliseconds. Both are
/// cut (not rounded) to the millisecond here, so "A happened after B" means the same whatever the
/// sources. The container list's Created (GET /containers/json) is whole seconds: it orders
/// containers but is never compared with another clock (isWholeSeconds() tells).
namespace EngineTime {
/// An engine time: RFC 3339 with any fraction ("2026-11-26T17:19:03.123456789Z", "+01:00") or a
/// number of seconds since the epoch. Invalid for empty, unparsable and the engine's zero time
/// ("0001-01-01T00:00:00Z").
QDateTime parse(const QJsonValue& value);
QDateTime parse(const QString& text);
/// \a nanos since the epoch (an event's timeNano) at the one precision.
QDateTime fromNanos(qint64 nanos);
/// A file's modification time at the one precision; invalid when the file does not exist.
QDateTime fileModified(const QString& path);
/// \a t in UTC cut to the one precision (invalid stays invalid).
QDateTime atPrecision(const QDateTime& t);
/// True when \a value is a whole-seconds time (a number: the container list's Created), too
/// coarse to compare with a millisecond clock.
bool isWholeSeconds(const QJsonValue& value);
/// The one comparison: both valid and \a later after \a earlier at the one precision. A
/// container created in the same millisecond as a change is not older than the change.
bool isAfter(const QDateTime& later, const QDateTime& earlier);
} // namespace EngineTime
