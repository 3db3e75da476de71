#pragma once

#include "core/check/SecretScan.h"
#include "core/checkout/Checkout.h"

#include <QObject>

/// One step of the checkout's `make check` (scripts/security_check.sh), run natively.
struct CheckStep {
    enum class Status { Pending, Pass, Fail };
    QString id;    ///< "validation", "compose-config", "dockerfile-user", "apt-pattern", "ports-loopback",
                   ///< "read-only", "seccomp", "mcp", "secret-coverage", then one per secret pattern ("secret:aws-key", ...)
    QString title; ///< what is checked, for a progress line
    Status status = Status::Pending;
    QString message;               ///< the script's error line when it fails (validation: the first error)
    QStringList details;           ///< more lines (validation findings, compose's output)
    QList<SecretFinding> findings; ///< file:line findings (secrets masked)
    /// "PASS", "FAIL" or "PENDING".
    QString statusName() const;
};

/// `sandbox-ctl check` and the panel's Check action: validation (SettingsValidator through
/// Settings), `compose config` with the `.env` (the compose tool), `USER agent` in the
/// Dockerfile, no broad `apt-get install *`, ports bound to 127.0.0.1 (ComposePorts),
/// `read_only: true` and a seccomp profile for the workspace, and the secret-pattern scan
/// (SecretScan; the strict set unless SECRET_SCAN_STRICT=false). Every step runs; the verdict
/// is the first failing one, as the script stops there. No shell is involved. Beyond the script:
/// the MCP servers as the workspace will load them (McpReviews' findings), as warnings that never
/// fail the check but are named in its summary line.
class SecurityCheck : public QObject {
    Q_OBJECT
public:
    explicit SecurityCheck(const Checkout& checkout, QObject* parent = nullptr);

    /// Runs the steps (compose asynchronously); progress() per step, then finished().
    void start();
    bool running() const { return m_running; }
    const QList<CheckStep>& steps() const { return m_steps; }
    /// True when every step passed (after finished()).
    bool passed() const;
    /// The first failing step (the script's verdict), or nullptr.
    const CheckStep* firstFailure() const;
    /// Files the secret scan read.
    int filesScanned() const { return m_filesScanned; }
    /// Warnings the operator must see though nothing failed ("mcp: ..."), for the summary line.
    QStringList warnings() const;
    /// "Security checks passed." or, with warnings, "Security checks passed, with N warning(s): ...".
    QString passedSummary() const;

Q_SIGNALS:
    void progress(int done, int total, const QString& title);
    void finished();

private:
    void runStatic();
    void finish();
    CheckStep& step(const QString& id);

    Checkout m_checkout;
    QList<CheckStep> m_steps;
    bool m_running = false;
    int m_done = 0;
    int m_filesScanned = 0;
};
