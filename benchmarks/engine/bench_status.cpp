// `sandbox-ctl status` vs `docker-compose ps` on the same running demo project: median wall time
// of N runs each, and the ratio (target: ours >= 20x faster).
#include "BenchDemo.h"

#include <QCoreApplication>
#include <QProcess>

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

    std::vector<double> ours, peer;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        QProcess p;
        t.start();
        p.start(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("status")});
        p.waitForFinished(30000);
        ours.push_back(double(t.nsecsElapsed()) / 1e6);
        if (p.exitCode() != 0 || !p.readAllStandardOutput().contains("state: running")) {
            std::fprintf(stderr, "sandbox-ctl status failed: %s\n", p.readAllStandardError().constData());
            return 1;
        }
        QString out;
        t.restart();
        const int code = demo.compose({QStringLiteral("--profile"), QStringLiteral("local-llm"), QStringLiteral("ps")}, &out);
        peer.push_back(double(t.nsecsElapsed()) / 1e6);
        if (code != 0) {
            std::fprintf(stderr, "compose ps failed: %s\n", qPrintable(out));
            return 1;
        }
    }
    const double o = median(ours), pe = median(peer);
    std::printf("bench_status: %d runs each on project %s (%s)\n", runs, qPrintable(demo.projectName()),
                qPrintable(TestEngine::composeCommand().join(QLatin1Char(' '))));
    std::printf("  sandbox-ctl status : median %8.1f ms\n", o);
    std::printf("  %-18s : median %8.1f ms\n", qPrintable(TestEngine::composeCommand().join(QLatin1Char(' ')) + QStringLiteral(" ps")), pe);
    std::printf("  ratio              : %.1fx faster (target >= 20x) %s\n", pe / o, pe / o >= 20 ? "PASS" : "MISS");
    return 0;
}
