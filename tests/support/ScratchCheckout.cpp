#include "ScratchCheckout.h"

#include "SandboxTestPaths.h"
#include <QDir>
#include <QFile>

ScratchCheckout::ScratchCheckout(const QString& root)
{
    if (root.isEmpty()) {
        m_temp = std::make_unique<QTemporaryDir>();
        m_root = m_temp->path();
    } else {
        m_root = root;
    }
    const QString ref = QStringLiteral(SANDBOX_FIXTURE_CHECKOUT); // our own fixture, not ../shared
    if (!QDir().mkpath(path(QStringLiteral("config")))) {
        m_error = QStringLiteral("cannot create %1").arg(path(QStringLiteral("config")));
        return;
    }
    const QList<std::pair<QString, QString>> files{
        {ref + QStringLiteral("/env.example"), env()},
        {ref + QStringLiteral("/docker-compose.yml"), path(QStringLiteral("docker-compose.yml"))},
        {ref + QStringLiteral("/config/port-allowlist.txt"), ports()},
        {ref + QStringLiteral("/config/apt-package-allowlist.txt"), path(QStringLiteral("config/apt-package-allowlist.txt"))}};
    for (const auto& [from, to] : files)
        if (!QFile::copy(from, to) || !QFile::setPermissions(to, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            m_error = QStringLiteral("cannot copy %1 to %2").arg(from, to);
}

QString ScratchCheckout::ctlPath()
{
    return qEnvironmentVariable("SANDBOX_CTL_UNDER_TEST", QStringLiteral(SANDBOX_CTL_PATH));
}

std::unique_ptr<QProcess> ScratchCheckout::start(const QStringList& args) const
{
    auto p = std::make_unique<QProcess>();
    p->start(ctlPath(), QStringList{QStringLiteral("--sandbox"), m_root} + args);
    p->closeWriteChannel();
    return p;
}

CtlRun ScratchCheckout::finish(QProcess& p, int timeoutMs)
{
    CtlRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

CtlRun ScratchCheckout::ctl(const QStringList& args, int timeoutMs) const
{
    auto p = start(args);
    return finish(*p, timeoutMs);
}

QByteArray ScratchCheckout::bytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool ScratchCheckout::write(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}
