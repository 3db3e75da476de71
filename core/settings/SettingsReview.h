#pragma once

#include "core/settings/EnvValues.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/// Which way one `.env` change moves the sandbox's hardening.
enum class ChangeDirection { Neutral, Tighten, Loosen };

/// One key of a settings change, with what it does to the sandbox's hardening.
struct SettingChange {
    QString key;
    QString from; ///< the value before (effective: the default when unset)
    QString to;
    ChangeDirection direction = ChangeDirection::Neutral;
    QString risk;    ///< one sentence: what the change allows (empty when neutral)
    QString confirm; ///< what the reviewer must type to approve (empty: no typed confirmation)
};

/// A proposed `.env` change as the reviewer sees it: the keys it changes and their risk.
/// The one place deciding what loosens the sandbox (the panel and sandbox-ctl ask it).
struct SettingsChangeSet {
    QList<SettingChange> changes;

    /// The change of \a key from \a before to \a value.
    static SettingsChangeSet of(const EnvValues& before, const QString& key, const QString& value);
    bool isEmpty() const { return changes.isEmpty(); }
    /// True when any key loosens the sandbox: it needs a review, a reason and an audit line.
    bool loosens() const;
    /// True when a key moves the hardening either way (it is recorded in the audit trail).
    bool audited() const;
    /// What the reviewer types, one per worst change (egress full, seccomp unconfined).
    QStringList typedConfirmations() const;
};

/// Direction and risk of single keys (no I/O).
namespace SettingsRisk {
/// Classifies \a key going from \a from to \a to (effective values: "" means unset).
SettingChange assess(const QString& key, const QString& from, const QString& to);
/// The value shown for \a key in reviews and the audit trail: secrets are masked, never shown.
QString shown(const QString& key, const QString& value);
} // namespace SettingsRisk

/// One line of `logs/settings-audit.jsonl`: who changed which key from what to what, and why.
struct SettingsAuditEntry {
    QDateTime timestamp; ///< UTC
    QString user;
    QString key;
    QString from; ///< SettingsRisk::shown (a secret is never written)
    QString to;
    QString direction; ///< "loosen", "tighten" or "neutral"
    QString reason;

    QJsonObject toJson() const;
    static SettingsAuditEntry fromJson(const QJsonObject& o);
    /// The lines of \a change, stamped \a now by \a user.
    static QList<SettingsAuditEntry> of(const SettingsChangeSet& change, const QString& reason, const QString& user, const QDateTime& now);
};
