#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

/// Appends \a bytes to \a path (creating it); returns false on a write error.
inline bool appendBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
        return false;
    return f.write(bytes) == bytes.size();
}

/// A checkout's .env in \a root naming project "demo" under root/projects (its logs folder:
/// root/projects/demo/logs).
inline bool writeDemoProjectEnv(const QString& root)
{
    return appendBytes(root + QStringLiteral("/.env"), "PROJECT_NAME=demo\nPROJECTS_ROOT_PATH=" + (root + QStringLiteral("/projects")).toUtf8() + "\n");
}

/// One resources.jsonl line with a sequence number and a timestamp built from it.
inline QByteArray resourceLine(int seq, double memPct = 40.0, int hour = 10)
{
    return QStringLiteral(
               R"({"timestamp":"2026-01-01T%1:%2:%3Z","seq":%4,"mem_total_kb":1000,"mem_available_kb":600,"mem_used_pct":%5,"swap_total_kb":0,"swap_free_kb":0,"process_count":%6,"top_processes":[{"user":"agent","pid":1,"cpu":0.0,"mem":1.5,"command":"init"}]})")
               .arg(hour, 2, 10, QLatin1Char('0'))
               .arg((seq / 60) % 60, 2, 10, QLatin1Char('0'))
               .arg(seq % 60, 2, 10, QLatin1Char('0'))
               .arg(seq)
               .arg(memPct)
               .arg(5 + seq % 7)
               .toUtf8()
           + '\n';
}

/// A port-scan warning pretty-printed over several lines, like the real scanner writes it.
inline QByteArray prettyWarning(const QString& time, const QString& address, const QString& process)
{
    return QStringLiteral("{\n  \"timestamp\": \"%1\",\n  \"status\": \"warning\",\n  \"expected_ports\": [\"3000\", \"7860\"],\n"
                          "  \"unexpected\": [{\"address\": \"%2\", \"process\": \"%3 { not a brace\"}]\n}\n")
        .arg(time, address, process)
        .toUtf8();
}
