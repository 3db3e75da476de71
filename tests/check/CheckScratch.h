#pragma once

#include "TestFiles.h"

#include "SandboxTestPaths.h"
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

/// A scratch copy of ../shared/reference/sandbox-latest for the security check: `.env` from
/// env.example (mode 600), and stubs for what security_check.sh needs that the reference lacks
/// (README.md, the bash scripts and python files it compiles, a harness folder with one passing test).
/// Secrets planted by tests are built at run time, so no source file holds one.
namespace CheckScratch {
inline QString referenceRoot()
{
    return QStringLiteral(SANDBOX_REFERENCE_LATEST_DIR);
}

using TestFiles::read;
using TestFiles::write;

/// Copies the reference into \a root; false when the reference is missing.
inline bool make(const QString& root)
{
    if (!QFileInfo::exists(referenceRoot()))
        return false;
    QProcess cp;
    cp.start(QStringLiteral("cp"), {QStringLiteral("-r"), referenceRoot() + QStringLiteral("/."), root});
    if (!cp.waitForFinished(30000) || cp.exitCode() != 0)
        return false;
    QProcess chmod;
    chmod.start(QStringLiteral("chmod"), {QStringLiteral("-R"), QStringLiteral("u+w"), root});
    chmod.waitForFinished(30000);
    const QString env = root + QStringLiteral("/.env");
    if (!write(env, read(root + QStringLiteral("/env.example"))))
        return false;
    QFile::setPermissions(env, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // README.md: the script's apt-pattern grep names it, and a missing file makes grep exit 2,
    // which the script reads as "no match" (the reference has no README.md).
    for (const char* stub :
         {"README.md", "scripts/agent-apt-install", "scripts/agent-kill-port", "scripts/crystallize_skill.py", "scripts/model_profile.py",
          "scripts/skills_manager.py", "scripts/run_harness.py", "scripts/quickstart.py", "scripts/harness_mcp.py", "scripts/run_supervisor.py"})
        if (!QFileInfo::exists(root + QLatin1Char('/') + QLatin1String(stub)) && !write(root + QLatin1Char('/') + QLatin1String(stub), {}))
            return false;
    return write(root + QStringLiteral("/harness/stub_test.py"), "import unittest\n\nclass Stub(unittest.TestCase):\n    def test_ok(self):\n        pass\n");
}

/// A token of \a n characters drawn from \a alphabet (deterministic).
inline QByteArray token(int n, const QByteArray& alphabet = "aB3xK9mQ2pL7zR4tW8yE6uN1")
{
    QByteArray out;
    for (int i = 0; i < n; ++i)
        out.append(alphabet.at((i * 7 + 3) % alphabet.size()));
    return out;
}
} // namespace CheckScratch
