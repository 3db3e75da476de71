#include "KnownListeners.h"

namespace KnownListeners {

bool isDockerDns(std::string_view address, std::string_view process)
{
    constexpr std::string_view host = "127.0.0.11:";
    if (!process.empty() || address.size() <= host.size() || address.substr(0, host.size()) != host)
        return false;
    for (const char c : address.substr(host.size()))
        if (c < '0' || c > '9')
            return false;
    return true;
}

bool isDockerDns(const QString& address, const QString& process)
{
    const QByteArray a = address.toUtf8(), p = process.toUtf8();
    return isDockerDns(std::string_view(a.constData(), size_t(a.size())), std::string_view(p.constData(), size_t(p.size())));
}

QString dockerDnsName()
{
    return QStringLiteral("Docker's embedded DNS (expected)");
}

bool scanWarns(std::string_view status, int unexpected, int unknown)
{
    return unknown > 0 || (status == "warning" && unexpected <= 0);
}

} // namespace KnownListeners
