#include "Preflight.h"

#include "core/checkout/Checkout.h"
#include "core/mcp/McpReviews.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>

namespace Preflight {
namespace {
QString settingFor(const QString& service, const char* what)
{
    if (service == QLatin1String("workspace"))
        return QString::fromLatin1(what) == QLatin1String("cpus") ? QStringLiteral("WORKSPACE_CPUS") : QStringLiteral("WORKSPACE_MEMORY_LIMIT");
    return QStringLiteral("%1.%2").arg(service, QLatin1String(what));
}

QString gib(qint64 bytes)
{
    return QStringLiteral("%1 GiB").arg(double(bytes) / (1024.0 * 1024 * 1024), 0, 'f', 1);
}
} // namespace

Result limits(const ComposeModel& model, const QJsonObject& info, const QStringList& services)
{
    Result r;
    const int ncpu = info.value(QStringLiteral("NCPU")).toInt();
    const qint64 mem = qint64(info.value(QStringLiteral("MemTotal")).toDouble());
    for (const QString& s : services) {
        const ComposeModel::Limits l = model.limits.value(s);
        if (ncpu > 0 && l.cpus > ncpu)
            r.errors << QStringLiteral("%1: the %2 service asks for %3 CPUs but the engine has %4; the engine would refuse the container "
                                       "(\"Range of CPUs is from 0.01 to %4.00\"). Set it to at most %4.")
                            .arg(settingFor(s, "cpus"), s)
                            .arg(l.cpus)
                            .arg(ncpu);
        if (mem > 0 && l.memoryBytes > mem)
            r.warnings << QStringLiteral("%1: the %2 service's memory limit (%3) is more than the engine's memory (%4); it limits nothing")
                              .arg(settingFor(s, "mem_limit"), s, gib(l.memoryBytes), gib(mem));
    }
    return r;
}

Result projectScript(const QString& checkoutRoot)
{
    Result r;
    QFile f(QDir(checkoutRoot).filePath(QStringLiteral("new_project.sh")));
    if (!f.open(QIODevice::ReadOnly))
        return r;
    const QString text = QString::fromUtf8(f.readAll());
    if (text.contains(QLatin1String("AGENTS.md")) && !QFile::exists(QDir(checkoutRoot).filePath(QStringLiteral("AGENTS.md"))))
        r.errors << QStringLiteral("AGENTS.md: new_project.sh needs AGENTS.md in the checkout (%1) and stops without it").arg(checkoutRoot);
    static const QRegularExpression jq(QStringLiteral("(^|[\\s$(|])jq\\s"));
    if (jq.match(text).hasMatch() && QStandardPaths::findExecutable(QStringLiteral("jq")).isEmpty())
        r.errors << QStringLiteral("jq: new_project.sh calls jq, which is not installed on this machine (apt-get install jq)");
    return r;
}

Result mcpReview(const Checkout& checkout)
{
    Result r;
    McpReviews mcp(checkout);
    mcp.load();
    if (mcp.hasUnreviewed())
        r.warnings << QStringLiteral("MCP_CONFIG_FILE: the MCP servers have unreviewed changes "
                                     "(review them in the Allowlists tab or with `sandbox-ctl mcp review`)");
    if (!mcp.config().error.isEmpty())
        r.warnings << QStringLiteral("MCP_CONFIG_FILE: %1").arg(mcp.config().error);
    return r;
}
} // namespace Preflight
