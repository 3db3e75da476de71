#include "ModeHealth.h"

#include "core/compose/FileTail.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace ModeHealth {

void probeHttp(QNetworkAccessManager* nam, OperationMode mode, int port, int timeoutMs, std::function<void(ModeHealthReport)> done)
{
    const bool conductor = mode == OperationMode::Conductor;
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/%2").arg(port).arg(conductor ? QStringLiteral("mcp") : QString()));
    ModeHealthReport report;
    report.mode = mode;
    if (port <= 0 || port > 65535) {
        report.detail = QStringLiteral("no valid %1 port configured").arg(conductor ? QStringLiteral("MCP_BRIDGE_PORT") : QStringLiteral("OPENCODE_PORT"));
        done(report);
        return;
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply* reply = nam->get(request);
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, report, url, conductor, done]() mutable {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString what = conductor ? QStringLiteral("MCP bridge") : QStringLiteral("OpenCode web");
        if (status > 0) {
            report.healthy = true;
            report.detail = QStringLiteral("%1 answers at %2 (HTTP %3)").arg(what, url.toString()).arg(status);
        } else {
            report.detail = QStringLiteral("%1 does not answer at %2: %3").arg(what, url.toString(), reply->errorString());
        }
        reply->deleteLater();
        done(report);
    });
}

ModeHealthReport autonomous(bool running, int exitCode, const QString& logFile, int tailLines)
{
    ModeHealthReport r;
    r.mode = OperationMode::Autonomous;
    r.running = running;
    r.exitCode = running ? -1 : exitCode;
    r.logTail = FileTail::lastLines(logFile, tailLines);
    if (running) {
        r.healthy = true;
        r.detail = QStringLiteral("autonomous run in progress");
    } else if (exitCode < 0) {
        r.detail = QStringLiteral("no autonomous run recorded");
    } else {
        r.healthy = exitCode == 0;
        r.detail = QStringLiteral("autonomous run ended with exit code %1").arg(exitCode);
    }
    return r;
}
} // namespace ModeHealth
