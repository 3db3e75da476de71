#pragma once

#include "core/fileio/WriteResult.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

class Checkout;

/// The pinned versions (SettingsTypes::rebuildKeys()) that went into the last successful build of
/// a checkout's image, kept in $XDG_STATE_HOME/sandbox-panel/pins/, and what changed in .env since.
namespace PinRecord {
using Pins = QMap<QString, QString>; ///< key -> value (empty when unset)

/// One pin whose .env value differs from the built one.
struct Change {
    QString key;
    QString built;
    QString current;
};

/// What load() found. No record yet: exists false, nothing pending.
struct Loaded {
    bool exists = false;
    Pins pins;
    QString error; ///< unreadable or corrupt state file (then nothing is pending)
    bool ok() const { return error.isEmpty(); }
};

/// The state file of the checkout at \a checkoutRoot under \a stateDir.
QString path(const QString& stateDir, const QString& checkoutRoot);
/// The rebuild keys' values of the .env at \a envPath, read through Settings.
Pins current(const QString& envPath, const QString& checkoutRoot, QString* error = nullptr);
/// Writes \a pins atomically (SafeWrite), creating the folder.
WriteResult save(const QString& file, const Pins& pins);
Loaded load(const QString& file);
/// Pure: the pins of \a recorded that differ in \a now, in rebuildKeys() order. Empty recorded
/// (no build recorded yet): nothing.
QList<Change> changed(const Pins& recorded, const Pins& now);
/// "rebuild needed: OPENCODE_VERSION 1.18.33 → 1.19.0, ..."; empty when nothing changed.
QString sentence(const QList<Change>& changes);
/// For the Overview, the Allowlists tab and `sandbox-ctl status`: the rebuild sentence, or the
/// state file's error; empty when the image matches .env or no build was recorded.
QStringList attention(const QString& stateDir, const QString& checkoutRoot, const QString& envPath);
/// attention() of \a checkout under Logging::stateDir().
QStringList attention(const Checkout& checkout);
} // namespace PinRecord
