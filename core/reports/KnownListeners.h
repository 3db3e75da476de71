#pragma once

#include <QString>

#include <string_view>

/// Listeners a port scan names as unexpected although every sandbox has them. The one place that
/// knows them: the records (ReportRecord), the alert rules, the history scan and the views ask here.
namespace KnownListeners {
/// Docker's embedded DNS resolver: 127.0.0.11 on any port, opened by the engine from outside the
/// container, so the scan shows no owning process. A process of the workspace listening on
/// 127.0.0.11 is named by the scan and is not this.
bool isDockerDns(std::string_view address, std::string_view process);
bool isDockerDns(const QString& address, const QString& process);
/// How the panel names it: "Docker's embedded DNS (expected)".
QString dockerDnsName();
/// Whether a scan warns: it names a listener that is not known, or says "warning" without naming
/// any. \a unexpected is how many it names (-1: no list), \a unknown how many of them are not known.
bool scanWarns(std::string_view status, int unexpected, int unknown);
} // namespace KnownListeners
