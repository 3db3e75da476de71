#include "FailureCause.h"

#include "core/compose/PortHolders.h"
#include "core/docker/EngineApi.h"

#include <QPointer>
#include <QRegularExpression>
#include <QSet>
#include <QTimer>

#include <algorithm>

namespace FailureCause {
namespace {
constexpr int kLogLines = 5;
constexpr int kMaxLogLine = 200;

QString hostIpOf(QString ip)
{
    ip.remove(QLatin1Char('[')).remove(QLatin1Char(']'));
    return ip.isEmpty() ? QStringLiteral("0.0.0.0") : ip;
}

QString endpoint(const PortConflict& p)
{
    return p.hostIp.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(p.hostIp).arg(p.port) : QStringLiteral("%1:%2").arg(p.hostIp).arg(p.port);
}

QString shortened(const QString& line)
{
    return line.size() > kMaxLogLine ? line.left(kMaxLogLine - 1) + QChar(0x2026) : line;
}

/// The holders of \a port: the engine's running containers first, else this machine's processes.
void findHolders(EngineClient* engine, const PortConflict& port, QObject* context, std::function<void(QList<PortHolder>)> done)
{
    const QList<PortHolder> processes = PortHolders::processes(port.port, port.hostIp);
    if (!engine) {
        done(processes);
        return;
    }
    EngineApi::runningContainers(*engine, context, [port, processes, done](const EngineReply&, const QJsonArray& running) {
        done(PortHolders::merge(PortHolders::containers(running, port.port, port.hostIp), processes));
    });
}
/// Inspects \a id; a container the engine restarts after each exit is caught between two runs
/// (its exit status is only there then): while it runs after restarts, ask again, \a tries times.
void inspectExited(EngineClient& engine, const QString& id, QObject* context, int tries, std::function<void(const QJsonObject&)> done)
{
    QPointer<EngineClient> client(&engine);
    EngineApi::inspectContainer(engine, id, context, [client, id, context, tries, done](const EngineReply&, const QJsonObject& inspect) {
        const QJsonObject state = inspect.value(QStringLiteral("State")).toObject();
        const bool between = state.value(QStringLiteral("Running")).toBool() && !state.value(QStringLiteral("Restarting")).toBool()
                             && inspect.value(QStringLiteral("RestartCount")).toInt() > 0;
        if (!between || tries <= 1 || !client || !context) {
            done(inspect);
            return;
        }
        QTimer::singleShot(300, context, [client, id, context, tries, done]() {
            if (client)
                inspectExited(*client, id, context, tries - 1, done);
        });
    });
}
} // namespace

PortConflict portConflict(const QStringList& lines)
{
    static const QRegularExpression allocated(QStringLiteral("Bind for (\\S*):(\\d+) failed: port is already allocated"));
    static const QRegularExpression inUse(QStringLiteral("listen tcp[46]? (\\S*):(\\d+): bind: address already in use"));
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        for (const QRegularExpression* re : {&allocated, &inUse}) {
            const QRegularExpressionMatch m = re->match(*it);
            if (m.hasMatch())
                return {hostIpOf(m.captured(1)), m.captured(2).toInt()};
        }
    }
    return {};
}

QString buildStep(const QStringList& lines)
{
    static const QList<QRegularExpression> steps = {
        QRegularExpression(QStringLiteral("process \"(.+)\" did not complete successfully: exit code: (\\d+)")), // BuildKit
        QRegularExpression(QStringLiteral("executor failed running \\[(.+)\\]: exit code: (\\d+)")),             // older BuildKit
        QRegularExpression(QStringLiteral("The command '(.+)' returned a non-zero code: (\\d+)")),               // classic builder
    };
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        for (const QRegularExpression& re : steps) {
            const QRegularExpressionMatch m = re.match(*it);
            if (m.hasMatch())
                return QStringLiteral("the build step `%1` failed (exit code %2)").arg(shortened(m.captured(1)), m.captured(2));
        }
    }
    return {};
}

QString composeError(const QStringList& lines)
{
    static const QRegularExpression error(QStringLiteral("^(Error|ERROR|error)\\b|Error response from daemon|failed to solve"));
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        if (error.match(*it).hasMatch())
            return QStringLiteral("compose said: %1").arg(shortened(it->trimmed()));
    }
    return {};
}

bool exitsByItself(const QJsonObject& inspect)
{
    const QJsonObject state = inspect.value(QStringLiteral("State")).toObject();
    const QString status = state.value(QStringLiteral("Status")).toString();
    return state.value(QStringLiteral("Restarting")).toBool() || status == QLatin1String("exited") || status == QLatin1String("dead")
           || inspect.value(QStringLiteral("RestartCount")).toInt() > 0;
}

QString workspaceExit(const QJsonObject& inspect, const QStringList& lastLogLines)
{
    const QJsonObject state = inspect.value(QStringLiteral("State")).toObject();
    const int code = state.value(QStringLiteral("ExitCode")).toInt();
    const int restarts = inspect.value(QStringLiteral("RestartCount")).toInt();
    QString what = state.value(QStringLiteral("Running")).toBool() && code == 0
                       ? QStringLiteral("the workspace keeps exiting (%1 restarts)").arg(restarts)
                       : QStringLiteral("the workspace exits at once (status %1%2)")
                             .arg(code)
                             .arg(state.value(QStringLiteral("OOMKilled")).toBool() ? QStringLiteral(", out of memory") : QString());
    const QString error = state.value(QStringLiteral("Error")).toString();
    QStringList tail;
    for (const QString& l : lastLogLines.mid(qMax<qsizetype>(0, lastLogLines.size() - kLogLines)))
        tail << shortened(l);
    if (!error.isEmpty())
        tail << shortened(error);
    return tail.isEmpty() ? what + QStringLiteral(", printing nothing") : what + QStringLiteral(": ") + tail.join(QStringLiteral(" | "));
}

QString portInUse(const PortConflict& port, const QString& needs, const QString& holders)
{
    return QStringLiteral("port %1%2 is %3").arg(endpoint(port), needs.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(needs), holders);
}

void analyze(EngineClient* engine, const QString& project, const QStringList& output, QObject* context, std::function<void(const QString& cause)> done)
{
    const PortConflict port = portConflict(output);
    if (port.valid()) {
        findHolders(engine, port, context,
                    [port, project, done](const QList<PortHolder>& holders) { done(portInUse(port, {}, PortHolders::describe(holders, project))); });
        return;
    }
    const QString build = buildStep(output);
    const QString fallback = build.isEmpty() ? composeError(output) : build;
    if (!engine || !build.isEmpty()) {
        done(fallback);
        return;
    }
    QPointer<EngineClient> client(engine);
    EngineApi::workspaceContainer(*engine, project, context, [client, context, fallback, done](const EngineReply&, const ProjectContainer& c) {
        if (c.id.isEmpty() || !client) {
            done(fallback);
            return;
        }
        inspectExited(*client, c.id, context, 3, [client, context, fallback, done, id = c.id](const QJsonObject& inspect) {
            if (!client || !exitsByItself(inspect)) {
                done(fallback);
                return;
            }
            const bool tty = inspect.value(QStringLiteral("Config")).toObject().value(QStringLiteral("Tty")).toBool();
            EngineApi::containerLogs(*client, id, kLogLines, tty, context,
                                     [inspect, done](const EngineReply&, const QStringList& lines) { done(workspaceExit(inspect, lines)); });
        });
    });
}

void checkPortsFree(EngineClient* engine, const QString& project, const QList<ComposePort>& ports, QObject* context,
                    std::function<void(const QString& cause)> done)
{
    if (!engine) {
        done({});
        return;
    }
    EngineApi::runningContainers(*engine, context, [project, ports, done](const EngineReply& r, const QJsonArray& running) {
        if (!r.ok()) {
            done({});
            return;
        }
        QStringList conflicts;
        QSet<QString> checked;
        for (const ComposePort& p : ports) {
            const PortConflict port{hostIpOf(p.hostIp), p.hostPort};
            if (p.hostPort <= 0 || p.protocol != QLatin1String("tcp") || checked.contains(endpoint(port)))
                continue;
            checked.insert(endpoint(port));
            const QList<PortHolder> containers = PortHolders::containers(running, port.port, port.hostIp);
            const bool ours = std::any_of(containers.begin(), containers.end(), [&](const PortHolder& h) { return h.project == project; });
            if (ours)
                continue;
            const QList<PortHolder> holders = PortHolders::merge(containers, PortHolders::processes(port.port, port.hostIp));
            if (!holders.isEmpty())
                conflicts << portInUse(port, QStringLiteral("needed by %1").arg(p.service), PortHolders::describe(holders, project));
        }
        done(conflicts.join(QStringLiteral("; ")));
    });
}

void leftRunning(EngineClient& engine, const QString& project, QObject* context, std::function<void(const QString& line)> done)
{
    EngineApi::projectContainers(engine, project, context, [project, done](const EngineReply& r, const QList<ProjectContainer>& all) {
        if (!r.ok()) {
            done(QStringLiteral("what is left running of compose project %1 is unknown: %2").arg(project, r.describe()));
            return;
        }
        QStringList names;
        for (const ProjectContainer& c : all) {
            if (c.running())
                names << QStringLiteral("%1 (%2)").arg(c.name, c.service);
        }
        done(names.isEmpty() ? QStringLiteral("left running: nothing of compose project %1").arg(project)
                             : QStringLiteral("left running of compose project %1: %2").arg(project, names.join(QStringLiteral(", "))));
    });
}
} // namespace FailureCause
