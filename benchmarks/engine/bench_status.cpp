// `sandbox-ctl status` against `docker compose ps` (v2) and `docker ps` on the same running demo
// project, in one paired run: each round runs the three one after the other, so load changes hit
// all alike. Median wall time and median CPU time (user + sys of the child, RUSAGE_CHILDREN) of N
// rounds, and the ratios. Targets (issue 21): ours >= 5x faster than compose v2, and at most 0.5x
// the time of `docker ps`. CPU time is the fairer figure on a loaded machine, where the wall time
// of a short process is mostly waiting for a core.
//   bench_status [ROUNDS]   (default 15; needs the engine: DOCKER_HOST, DOCKER_CONFIG with compose v2)
#include "BenchDemo.h"

#include <QCoreApplication>
#include <QProcess>

#include "SandboxTestPaths.h"
#include <sys/resource.h>

namespace {
/// CPU milliseconds of all children waited for so far (user + sys).
double childCpuMs()
{
    rusage ru{};
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3) + (double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
}

struct Timing {
    std::vector<double> wall, cpu;
};

/// Runs \a program once in \a dir, adds its wall and CPU time; false (with its output) when it failed.
bool timeOnce(const QString& program, const QStringList& args, const QString& dir, Timing& timing, const QByteArray& mustSay,
              const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    const double cpu = childCpuMs();
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    const bool finished = p.waitForFinished(30000);
    timing.wall.push_back(double(t.nsecsElapsed()) / 1e6);
    timing.cpu.push_back(childCpuMs() - cpu);
    const QByteArray out = p.readAll();
    if (!finished || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0 || !out.contains(mustSay)) {
        std::fprintf(stderr, "%s %s failed (exit %d): %s\n", qPrintable(program), qPrintable(args.join(QLatin1Char(' '))), p.exitCode(), out.constData());
        return false;
    }
    return true;
}

void printRow(const char* name, const Timing& t)
{
    std::printf("  %-36s : wall median %7.1f ms   cpu median %7.1f ms\n", name, median(t.wall), median(t.cpu));
}
} // namespace

int main(int argc, char** argv)
{
    qputenv("SANDBOX_COMPOSE", "v2"); // the peer is compose v2 (the v1 figure was the old 27x)
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(3, atoi(argv[1])) : 15;
    DemoSandbox demo;
    EngineClient client;
    StackMonitor monitor(client, demo.projectName());
    if (!demoRunning(demo, monitor))
        return 1;
    monitor.stop();
    QStringList compose = TestEngine::composeCommand();
    if (compose != QStringList{QStringLiteral("docker"), QStringLiteral("compose")}) {
        std::fprintf(stderr, "compose v2 (`docker compose`) does not run here: set DOCKER_CONFIG to a folder with the plugin\n");
        return 1;
    }
    const QString project = demo.projectName();
    const QString composeName = QStringLiteral("docker compose --profile local-llm ps");
    const QString dockerPsName = QStringLiteral("docker ps --filter label=...project=%1").arg(project);
    QProcessEnvironment composeEnv = QProcessEnvironment::systemEnvironment();
    composeEnv.insert(QStringLiteral("ACTIVE_PROJECT"), QStringLiteral("demo_project")); // as the Makefile sets it (DemoSandbox::compose)
    Timing ours, composePs, dockerPs;
    for (int i = 0; i < rounds; ++i) {
        if (!timeOnce(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("status")}, demo.root(), ours,
                      "state: running"))
            return 1;
        // The demo's .env names the project: compose reads it from the working folder, as a user's would.
        if (!timeOnce(QStringLiteral("docker"), {QStringLiteral("compose"), QStringLiteral("--profile"), QStringLiteral("local-llm"), QStringLiteral("ps")},
                      demo.root(), composePs, "workspace", composeEnv))
            return 1;
        if (!timeOnce(QStringLiteral("docker"),
                      {QStringLiteral("ps"), QStringLiteral("--filter"), QStringLiteral("label=com.docker.compose.project=") + project}, demo.root(), dockerPs,
                      project.toUtf8()))
            return 1;
    }
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    const double o = median(ours.wall), c = median(composePs.wall), d = median(dockerPs.wall);
    const double oc = std::max(median(ours.cpu), 0.001), cc = median(composePs.cpu), dc = median(dockerPs.cpu);
    std::printf("bench_status: %d paired rounds on project %s, engine %s, load average %.1f\n", rounds, qPrintable(project), qPrintable(client.serverVersion()),
                load[0]);
    printRow("sandbox-ctl status", ours);
    printRow(qPrintable(composeName), composePs);
    printRow(qPrintable(dockerPsName.left(36)), dockerPs);
    const bool composeOk = c / o >= 5.0, psOk = o / d <= 0.5;
    std::printf("  vs compose v2 ps (wall)  : %.1fx faster (target >= 5x) %s\n", c / o, composeOk ? "PASS" : "MISS");
    std::printf("  vs docker ps (wall)      : %.2fx its time (target <= 0.5x) %s\n", o / d, psOk ? "PASS" : "MISS");
    std::printf("  vs compose v2 ps (cpu)   : %.1fx less CPU\n", cc / oc);
    std::printf("  vs docker ps (cpu)       : %.2fx its CPU\n", oc / dc);
    return 0;
}
