// Latency from the engine's event (timeNano of the `die` after `docker kill`) to our
// StackMonitor::stateChanged, median over N kills of the demo workspace (target < 100 ms).
// Peer: a client polling every second (lazydocker's default) sees a change 500 ms later on average.
#include "BenchDemo.h"

#include <QCoreApplication>
#include <QProcess>

#include <ctime>

namespace {
qint64 nowNanos()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int kills = argc > 1 ? std::max(3, atoi(argv[1])) : 20;
    DemoSandbox demo;
    EngineClient client;
    StackMonitor monitor(client, demo.projectName(), 100, 1000);
    if (!demoRunning(demo, monitor))
        return 1;

    qint64 dieNanos = 0;
    qint64 signalNanos = 0;
    QObject::connect(&monitor, &StackMonitor::serviceChanged, &monitor, [&](const ServiceInfo& s, ServiceState, qint64 nanos) {
        if (s.service == QLatin1String("workspace") && s.state == ServiceState::Exited && nanos > 0)
            dieNanos = nanos;
    });
    QObject::connect(&monitor, &StackMonitor::stateChanged, &monitor, [&](StackState st) {
        if (st == StackState::Degraded && dieNanos > 0 && signalNanos == 0)
            signalNanos = nowNanos();
    });

    std::vector<double> latencies;
    for (int i = 0; i < kills; ++i) {
        dieNanos = signalNanos = 0;
        QProcess kill;
        kill.start(QStringLiteral("docker"), {QStringLiteral("kill"), demo.workspaceContainer()});
        if (!waitFor([&] { return signalNanos != 0; }, 15000)) {
            std::fprintf(stderr, "kill %d: no degraded state (state %s)\n", i, qPrintable(monitor.stateName()));
            return 1;
        }
        kill.waitForFinished(10000);
        latencies.push_back(double(signalNanos - dieNanos) / 1e6);
        QProcess start;
        start.start(QStringLiteral("docker"), {QStringLiteral("start"), demo.workspaceContainer()});
        start.waitForFinished(30000);
        if (!waitFor([&] { return monitor.state() == StackState::Running; }, 60000)) {
            std::fprintf(stderr, "restart %d: not running again (state %s)\n", i, qPrintable(monitor.stateName()));
            return 1;
        }
    }
    const double med = median(latencies);
    std::sort(latencies.begin(), latencies.end());
    std::printf("bench_event_latency: %d docker kills of %s\n", kills, qPrintable(demo.workspaceContainer()));
    std::printf("  ours (event timeNano -> stateChanged): median %.2f ms, min %.2f ms, max %.2f ms\n", med, latencies.front(), latencies.back());
    std::printf("  peer (1 s polling, expected mean)     : 500 ms\n");
    std::printf("  ratio                                 : %.0fx; target median < 100 ms: %s\n", 500.0 / std::max(med, 0.001), med < 100 ? "PASS" : "MISS");
    return 0;
}
