// `sandbox-ctl status` vs `docker-compose ps` on the same running demo project: median wall time
// and median CPU time (user + sys of the child, from RUSAGE_CHILDREN) of N runs each, and the
// ratios (target: ours >= 20x faster). CPU time is the fairer figure on a loaded machine, where
// the wall time of a short process is mostly waiting for a core.
#include "BenchDemo.h"

#include <QCoreApplication>
#include <QProcess>

#include <sys/resource.h>
#include "SandboxTestPaths.h"

namespace {
/// CPU seconds of all children waited for so far (user + sys).
double childCpuMs()
{
    rusage ru{};
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3)
        + (double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(3, atoi(argv[1])) : 15;
    DemoSandbox demo;
    EngineClient client;
    StackMonitor monitor(client, demo.projectName());
    if (!demoRunning(demo, monitor))
        return 1;
    monitor.stop();

    std::vector<double> ours, peer, oursCpu, peerCpu;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        QProcess p;
        double cpu = childCpuMs();
        t.start();
        p.start(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("status")});
        p.waitForFinished(30000);
        ours.push_back(double(t.nsecsElapsed()) / 1e6);
        oursCpu.push_back(childCpuMs() - cpu);
        if (p.exitCode() != 0 || !p.readAllStandardOutput().contains("state: running")) {
            std::fprintf(stderr, "sandbox-ctl status failed: %s\n", p.readAllStandardError().constData());
            return 1;
        }
        QString out;
        cpu = childCpuMs();
        t.restart();
        const int code = demo.compose({QStringLiteral("--profile"), QStringLiteral("local-llm"), QStringLiteral("ps")}, &out);
        peer.push_back(double(t.nsecsElapsed()) / 1e6);
        peerCpu.push_back(childCpuMs() - cpu);
        if (code != 0) {
            std::fprintf(stderr, "compose ps failed: %s\n", qPrintable(out));
            return 1;
        }
    }
    const double o = median(ours), pe = median(peer);
    const double oc = std::max(median(oursCpu), 0.001), pc = median(peerCpu);
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    std::printf("bench_status: %d runs each on project %s (%s), load average %.1f\n", runs, qPrintable(demo.projectName()),
                qPrintable(TestEngine::composeCommand().join(QLatin1Char(' '))), load[0]);
    const QString peerName = TestEngine::composeCommand().join(QLatin1Char(' ')) + QStringLiteral(" ps");
    std::printf("  %-18s : wall median %8.1f ms   cpu median %8.1f ms\n", "sandbox-ctl status", o, oc);
    std::printf("  %-18s : wall median %8.1f ms   cpu median %8.1f ms\n", qPrintable(peerName), pe, pc);
    std::printf("  ratio (wall)       : %.1fx faster (target >= 20x) %s\n", pe / o, pe / o >= 20 ? "PASS" : "MISS");
    std::printf("  ratio (cpu)        : %.1fx less CPU\n", pc / oc);
    return 0;
}
