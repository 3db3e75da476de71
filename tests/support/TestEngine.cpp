#include "TestEngine.h"

#include "SandboxSourceDir.h"
#include "SandboxTestPaths.h"
#include <QFile>
#include <QFileInfo>
#include <QProcess>

namespace {
QString stateDir()
{
    QString s = qEnvironmentVariable("SANDBOX_ENGINE_STATE");
    return s.isEmpty() ? QStringLiteral(SANDBOX_BUILD_DIR "/test-engine") : s;
}
} // namespace

namespace TestEngine {

QHash<QByteArray, QByteArray> environment()
{
    QHash<QByteArray, QByteArray> values;
    QFile f(stateDir() + QStringLiteral("/env"));
    if (!f.open(QIODevice::ReadOnly))
        return values;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        const qsizetype eq = line.indexOf('=');
        if (eq > 0)
            values.insert(line.left(eq), line.mid(eq + 1));
    }
    return values;
}

QString dockerHost()
{
    return QString::fromUtf8(environment().value("DOCKER_HOST"));
}

bool activate()
{
    const auto values = environment();
    if (values.value("DOCKER_HOST").isEmpty())
        return false;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        qputenv(it.key().constData(), it.value());
    return true;
}

bool isCi()
{
    return qEnvironmentVariable("CI") == QLatin1String("true");
}

bool isPrivate()
{
    return QFileInfo::exists(stateDir() + QStringLiteral("/owned"));
}

bool restartPrivateEngine(QString* error)
{
    if (!isPrivate()) {
        if (error)
            *error = QStringLiteral("the engine is not the harness's private dockerd");
        return false;
    }
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(SANDBOX_SOURCE_DIR "/scripts/engine.sh"), {QStringLiteral("restart"), stateDir()});
    const bool ok = p.waitForFinished(120000) && p.exitCode() == 0;
    if (!ok && error)
        *error = QString::fromUtf8(p.readAll());
    return ok;
}

QStringList composeCommand()
{
    static QStringList cached;
    if (!cached.isEmpty())
        return cached;
    const QString forced = qEnvironmentVariable("SANDBOX_COMPOSE");
    activate(); // DOCKER_CONFIG of the harness holds the v2 plugin
    if (forced != QLatin1String("v1")) {
        QProcess p;
        p.start(QStringLiteral("docker"), {QStringLiteral("compose"), QStringLiteral("version")});
        if (p.waitForFinished(10000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0) {
            cached = QStringList{QStringLiteral("docker"), QStringLiteral("compose")};
            return cached;
        }
    }
    cached = QStringList{QStringLiteral("docker-compose")};
    return cached;
}

} // namespace TestEngine
