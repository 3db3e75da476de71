#include "DemoSandbox.h"

#include "TestEngine.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>

#include "SandboxSourceDir.h"
#include "SandboxTestPaths.h"
#include <algorithm>
#include <unistd.h>

namespace {
int freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

bool copyTree(const QString& from, const QString& to)
{
    QDirIterator it(from, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString src = it.next();
        const QString dst = to + src.mid(from.size());
        if (it.fileInfo().isDir()) {
            QDir().mkpath(dst);
        } else if (!QFile::copy(src, dst)) {
            return false;
        }
    }
    return true;
}

void chownTree(const QString& path, uid_t uid, gid_t gid)
{
    if (::chown(QFile::encodeName(path).constData(), uid, gid) != 0)
        return;
    QDirIterator it(path, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        if (::chown(QFile::encodeName(it.next()).constData(), uid, gid) != 0)
            return;
    }
}
} // namespace

int runProgram(const QString& program, const QStringList& args, QString* output, int timeoutMs, const QString& workingDir, const QProcessEnvironment& env)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (!workingDir.isEmpty())
        p.setWorkingDirectory(workingDir);
    if (!env.isEmpty())
        p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return -1;
    p.closeWriteChannel(); // no input: `compose run` would pass an open pipe on to the container
    const bool finished = p.waitForFinished(timeoutMs);
    if (output)
        *output = QString::fromUtf8(p.readAll());
    if (!finished) {
        p.kill();
        p.waitForFinished(5000);
        return -1;
    }
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

QString DemoSandbox::referenceDir(Source source)
{
    if (source == Source::Demo)
        return {};
    return QDir::cleanPath(source == Source::ReferenceLatest ? QStringLiteral(SANDBOX_REFERENCE_LATEST_DIR) : QStringLiteral(SANDBOX_REFERENCE_DIR));
}

QString DemoSandbox::projectFolderName() const
{
    return m_source == Source::Demo ? QStringLiteral("demo_project") : QStringLiteral("default_project");
}

void DemoSandbox::completeReferenceCopy(const QString& root)
{
    // The stored older checkout lacks the seccomp profile its compose file names (compose v1
    // reads it at `config`); the current checkout's profile stands in for it.
    const QString seccomp = root + QStringLiteral("/config/seccomp-workspace.json");
    if (!QFileInfo::exists(seccomp))
        QFile::copy(referenceDir(Source::ReferenceLatest) + QStringLiteral("/config/seccomp-workspace.json"), seccomp);
    QFile::setPermissions(seccomp, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
}

bool DemoSandbox::prepareReference()
{
    const QString root = m_dir.path();
    const QString ref = referenceDir(m_source);
    if (!QFileInfo::exists(ref + QStringLiteral("/docker-compose.yml"))) {
        m_error = QStringLiteral("no reference checkout at %1").arg(ref);
        return false;
    }
    if (!copyTree(ref, root)) {
        m_error = QStringLiteral("copying %1 failed").arg(ref);
        return false;
    }
    // The copy is ours: make it writable (the reference files are read-only).
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile::setPermissions(path, QFile::permissions(path) | QFile::WriteOwner);
    }
    QFile::setPermissions(root, QFile::permissions(root) | QFile::WriteOwner);
    QFile::rename(root + QStringLiteral("/env.example"), root + QStringLiteral("/.env.example"));
    completeReferenceCopy(root);
    QFile::remove(root + QStringLiteral("/Dockerfile"));
    QDir().mkpath(root + QStringLiteral("/workspace"));
    const QString demo = QStringLiteral(SANDBOX_SOURCE_DIR "/resources/demo-sandbox");
    if (!QFile::copy(QStringLiteral(SANDBOX_SOURCE_DIR "/tests/support/reference.Dockerfile"), root + QStringLiteral("/Dockerfile"))
        || !copyTree(demo + QStringLiteral("/workspace"), root + QStringLiteral("/workspace"))
        || !QFile::copy(root + QStringLiteral("/.env.example"), root + QStringLiteral("/.env"))) {
        m_error = QStringLiteral("preparing the reference copy failed");
        return false;
    }
    setEnv(QStringLiteral("PROJECTS_ROOT_PATH"), root + QStringLiteral("/projects"));
    setEnv(QStringLiteral("SHARED_SYSTEM_PATH"), root + QStringLiteral("/shared"));
    setEnv(QStringLiteral("TEMP_PATH"), root + QStringLiteral("/temp"));
    // A 2-CPU test machine: the example's WORKSPACE_CPUS=4 is refused by the engine; OpenCode
    // needs about 350 MB.
    setEnv(QStringLiteral("WORKSPACE_CPUS"), QStringLiteral("1"));
    setEnv(QStringLiteral("WORKSPACE_MEMORY_LIMIT"), QStringLiteral("1g"));
    setEnv(QStringLiteral("HEALTHCHECK_INTERVAL"), QStringLiteral("2s"));
    return true;
}

DemoSandbox::DemoSandbox(Source source)
    : m_source(source)
    , m_dir(QDir::tempPath() + QStringLiteral("/scp-demo-XXXXXX"))
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder");
        return;
    }
    const QString root = m_dir.path();
    m_project = QStringLiteral("scptest%1").arg(QRandomGenerator::global()->bounded(100000, 999999));
    if (source != Source::Demo) {
        if (!prepareReference())
            return;
    } else if (!copyTree(QStringLiteral(SANDBOX_SOURCE_DIR "/resources/demo-sandbox"), root)) {
        m_error = QStringLiteral("copying the demo sandbox failed");
        return;
    }

    if (source == Source::Demo) {
        QFile env(root + QStringLiteral("/.env"));
        env.open(QIODevice::ReadOnly);
        QByteArray text = env.readAll();
        env.close();
        text.replace("__DEMO_ROOT__", root.toUtf8());
        QFile out(root + QStringLiteral("/.env"));
        out.open(QIODevice::WriteOnly | QIODevice::Truncate);
        out.write(text);
        out.close();
    }
    QFile::setPermissions(root + QStringLiteral("/.env"), QFile::ReadOwner | QFile::WriteOwner);

    setEnv(QStringLiteral("COMPOSE_PROJECT_NAME"), m_project);
    if (source == Source::Demo) {
        setEnv(QStringLiteral("WORKSPACE_CONTAINER_NAME"), workspaceContainer());
        setEnv(QStringLiteral("LLM_CONTAINER_NAME"), llmContainer());
    }
    QList<int> ports;
    for (const char* key : {"OPENCODE_PORT", "APP_PORT", "DASHBOARD_PORT", "MCP_BRIDGE_PORT", "LLM_PORT"}) {
        int p = freePort();
        while (p < 1024 || ports.contains(p))
            p = freePort();
        ports << p;
        m_ports.insert(QString::fromLatin1(key), p);
        setEnv(QString::fromLatin1(key), QString::number(p));
    }
    // The port rule: every port setting must be on the allowlist (numerically sorted).
    QFile allow(root + QStringLiteral("/config/port-allowlist.txt"));
    allow.open(QIODevice::ReadOnly);
    QByteArray header;
    const QList<QByteArray> lines = allow.readAll().split('\n');
    allow.close();
    for (const QByteArray& l : lines) {
        if (l.startsWith('#'))
            header += l + '\n';
        else if (!l.trimmed().isEmpty())
            ports << l.trimmed().toInt();
    }
    std::sort(ports.begin(), ports.end());
    ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
    allow.open(QIODevice::WriteOnly | QIODevice::Truncate);
    allow.write(header);
    for (int p : ports)
        allow.write(QByteArray::number(p) + '\n');
    allow.close();

    for (const QString& sub :
         {QStringLiteral("projects/%1/logs").arg(projectFolderName()), QStringLiteral("shared"), QStringLiteral("temp"), QStringLiteral("logs")})
        QDir(root).mkpath(sub);
    // The workspace runs as HOST_UID:HOST_GID and writes into projects/ and temp/: as root they
    // are given to 1000:1000, otherwise the workspace runs as the operator who owns them.
    const bool root_ = ::geteuid() == 0;
    setEnv(QStringLiteral("HOST_UID"), QString::number(root_ ? 1000 : ::getuid()));
    setEnv(QStringLiteral("HOST_GID"), QString::number(root_ ? 1000 : ::getgid()));
    if (root_) {
        chownTree(root + QStringLiteral("/projects"), 1000, 1000);
        chownTree(root + QStringLiteral("/temp"), 1000, 1000);
    }
}

DemoSandbox::~DemoSandbox()
{
    if (!m_project.isEmpty() && !TestEngine::dockerHost().isEmpty()) {
        compose({QStringLiteral("--profile"), QStringLiteral("local-llm"), QStringLiteral("down"), QStringLiteral("-v"), QStringLiteral("--remove-orphans"),
                 QStringLiteral("-t"), QStringLiteral("2")},
                nullptr, 120000);
    }
    if (::geteuid() == 0)
        chownTree(m_dir.path(), 0, 0); // so QTemporaryDir can remove what the container wrote
}

QString DemoSandbox::projectLogsDir() const
{
    return m_dir.path() + QStringLiteral("/projects/%1/logs").arg(projectFolderName());
}

void DemoSandbox::setEnv(const QString& key, const QString& value)
{
    const QString file = m_dir.path() + QStringLiteral("/.env");
    QFile f(file);
    f.open(QIODevice::ReadOnly);
    QList<QByteArray> lines = f.readAll().split('\n');
    f.close();
    bool found = false;
    for (QByteArray& l : lines) {
        if (l.startsWith(key.toUtf8() + '=')) {
            l = key.toUtf8() + '=' + value.toUtf8();
            found = true;
        }
    }
    if (!found) {
        if (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
        lines << key.toUtf8() + '=' + value.toUtf8() << QByteArray();
    }
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    f.write(lines.join('\n'));
}

int DemoSandbox::compose(const QStringList& args, QString* output, int timeoutMs) const
{
    QStringList cmd = TestEngine::composeCommand();
    const QString program = cmd.takeFirst();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ACTIVE_PROJECT"), projectFolderName());
    return runProgram(program, cmd + args, output, timeoutMs, m_dir.path(), env);
}

bool DemoSandbox::up()
{
    QString out;
    const int code = compose({QStringLiteral("--profile"), QStringLiteral("local-llm"), QStringLiteral("up"), QStringLiteral("-d"), QStringLiteral("--build")},
                             &out);
    if (code != 0)
        m_error = QStringLiteral("compose up failed (%1): %2").arg(code).arg(out);
    return code == 0;
}

bool DemoSandbox::down()
{
    QString out;
    const int code = compose({QStringLiteral("--profile"), QStringLiteral("local-llm"), QStringLiteral("down"), QStringLiteral("-t"), QStringLiteral("2")},
                             &out);
    if (code != 0)
        m_error = QStringLiteral("compose down failed (%1): %2").arg(code).arg(out);
    return code == 0;
}
