// Idle cost of the panel (hidden in the tray, stack running) against a `docker stats` process
// over the same period: CPU seconds of each, the panel's RSS and its growth.
// Usage: bench_idle SANDBOX_DIR [SECONDS=60]   (run under xvfb-run with a tray, e.g. trayer,
// or with QT_QPA_PLATFORM=offscreen; the stack in SANDBOX_DIR should be running)
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTextStream>
#include <QThread>

#include <algorithm>

#include <unistd.h>

namespace {
double cpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray s = f.readAll();
    const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (fields 14 and 15 of stat(5))
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / double(sysconf(_SC_CLK_TCK));
}

qint64 rssKb(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        out << "usage: bench_idle SANDBOX_DIR [SECONDS]\n";
        return 2;
    }
    const int seconds = args.size() > 2 ? args[2].toInt() : 60;
    QProcess panel;
    panel.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    panel.setStandardOutputFile(QProcess::nullDevice());
    panel.start(QStringLiteral(SANDBOX_PANEL_PATH), {QStringLiteral("--hidden"), QStringLiteral("--sandbox"), args[1]});
    QProcess stats;
    stats.setStandardOutputFile(QProcess::nullDevice());
    stats.start(QStringLiteral("docker"), {QStringLiteral("stats")});
    if (!panel.waitForStarted() || !stats.waitForStarted()) {
        out << "could not start the panel or docker stats\n";
        return 1;
    }
    QThread::sleep(5); // let both connect and settle before measuring
    const double panel0 = cpuSeconds(panel.processId()), stats0 = cpuSeconds(stats.processId());
    const qint64 rssStart = rssKb(panel.processId());
    qint64 rssMax = rssStart, rssSettled = -1;
    const int settleAt = std::min(60, seconds / 2); // first records, charts and caches filled
    for (int t = 0; t < seconds; t += 5) {
        QThread::sleep(5);
        const qint64 rss = rssKb(panel.processId());
        rssMax = qMax(rssMax, rss);
        if (rssSettled < 0 && t + 5 >= settleAt)
            rssSettled = rss;
    }
    const double panelCpu = cpuSeconds(panel.processId()) - panel0;
    const double statsCpu = cpuSeconds(stats.processId()) - stats0;
    const qint64 rssEnd = rssKb(panel.processId());
    out << QStringLiteral("idle over %1 s, stack running\n").arg(seconds);
    out << QStringLiteral("  sandbox-panel (hidden in tray): %1 CPU s, RSS %2 MB at start, %3 MB at end, max %4 MB\n")
               .arg(panelCpu, 0, 'f', 2)
               .arg(rssStart / 1024.0, 0, 'f', 1)
               .arg(rssEnd / 1024.0, 0, 'f', 1)
               .arg(rssMax / 1024.0, 0, 'f', 1);
    out << QStringLiteral("  RSS after %1 s: %2 MB; growth from then to the end: %3 MB\n")
               .arg(settleAt)
               .arg(rssSettled / 1024.0, 0, 'f', 1)
               .arg((rssEnd - rssSettled) / 1024.0, 0, 'f', 1);
    out << QStringLiteral("  docker stats:                   %1 CPU s\n").arg(statsCpu, 0, 'f', 2);
    out << QStringLiteral("  ratio panel/docker-stats: %1 (target < 1); RSS target <= 120 MB\n").arg(statsCpu > 0 ? panelCpu / statsCpu : 0, 0, 'f', 2);
    panel.terminate();
    stats.terminate();
    panel.waitForFinished(5000);
    stats.waitForFinished(5000);
    return 0;
}
