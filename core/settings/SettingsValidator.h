#pragma once

#include "core/settings/EnvFile.h"
#include "core/settings/Finding.h"

#include <QFileDevice>

#include <optional>

/// The rules of SANDBOX.md's settings table, as the checkout's own `make validate` applies them.
class SettingsValidator {
public:
    /// Validates against the checkout at \a checkoutRoot (port allowlist, model profiles,
    /// seccomp profile, MCP config lookups).
    explicit SettingsValidator(const QString& checkoutRoot);

    /// Every finding for \a env. \a permissions, when given, are the `.env` file's mode.
    Findings validate(const EnvFile& env, std::optional<QFileDevice::Permissions> permissions = std::nullopt) const;

    static bool isBoolean(const QString& v) { return v == QLatin1String("true") || v == QLatin1String("false"); }
    static bool isPositiveInteger(const QString& v);
    /// A syntactically valid hostname or dotted IPv4 address.
    static bool isHostOrIpv4(const QString& v);
    /// What the checkout's check accepts for LLM_HOST: [a-zA-Z0-9_.-]+.
    static bool isAcceptableHost(const QString& v);
    /// True for mode 600, 400 or 640.
    static bool isAcceptedMode(QFileDevice::Permissions permissions);

    /// Keys of the current checkout's rules that this checkout's own `scripts/validate_config.sh`
    /// does not know (an older checkout: MODEL_PROFILE, LLM_HOST, MAX_CONTEXT_LENGTH). Its
    /// compose file does not read them either, so there they are inert: warnings, not errors.
    QStringList keysUnknownToCheckout() const;

private:
    void checkLlm(const EnvFile& env, bool profileKnown, Findings& out) const;
    /// The allowlist files through the allowlist model (AllowlistFile); returns the port
    /// entries, or nullopt when the port allowlist is missing or unreadable (an error already).
    std::optional<QStringList> checkAllowlists(Findings& out) const;

    QString m_root;
};
