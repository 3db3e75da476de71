#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

/// How one sandbox-ctl run ended.
struct CtlRun {
    int code = -1; ///< -1: it did not finish in time
    QByteArray out, err;
};

/// A scratch copy of the reference checkout for tests of the real sandbox-ctl: `.env` from
/// env.example (mode 600), docker-compose.yml and both allowlists, in a temporary folder or in
/// a folder the test gives (e.g. a small tmpfs it mounted).
class ScratchCheckout {
public:
    /// Lays the copy out in \a root (empty: a new temporary folder); check error().
    explicit ScratchCheckout(const QString& root = {});
    QString error() const { return m_error; }
    QString root() const { return m_root; }
    QString path(const QString& relative) const { return m_root + QLatin1Char('/') + relative; }
    QString env() const { return path(QStringLiteral(".env")); }
    QString ports() const { return path(QStringLiteral("config/port-allowlist.txt")); }
    QString audit() const { return path(QStringLiteral("logs/allowlist-audit.jsonl")); }
    QString reviewed() const { return path(QStringLiteral("logs/allowlist-reviewed.json")); }

    /// The sandbox-ctl under test: the one built here, or $SANDBOX_CTL_UNDER_TEST (to re-run a
    /// reproduction against another build).
    static QString ctlPath();
    /// Runs sandbox-ctl --sandbox root ARGS with stdin a closed pipe (no terminal).
    CtlRun ctl(const QStringList& args, int timeoutMs = 60000) const;
    /// Starts it without waiting (for parallel runs); the caller owns the process.
    std::unique_ptr<QProcess> start(const QStringList& args) const;
    /// Waits for \a p and collects its result.
    static CtlRun finish(QProcess& p, int timeoutMs = 120000);

    /// The file's bytes (empty when missing).
    static QByteArray bytes(const QString& path);
    static bool write(const QString& path, const QByteArray& bytes);

private:
    std::unique_ptr<QTemporaryDir> m_temp;
    QString m_root;
    QString m_error;
};

/// True when the test runs as root; otherwise skips it (QSKIP) unless CI=true, where it fails.
#define REQUIRE_ROOT()                                                                                                                                         \
    do {                                                                                                                                                       \
        if (::geteuid() != 0) {                                                                                                                                \
            if (qEnvironmentVariable("CI") == QLatin1String("true"))                                                                                           \
                QFAIL("this test needs root (it mounts a tmpfs / changes owners); CI=true does not skip it");                                                  \
            QSKIP("needs root (mount, chown); skipped outside CI");                                                                                            \
        }                                                                                                                                                      \
    } while (false)
