#include "core/composefile/ComposePorts.h"

#include "core/composefile/Interpolation.h"

#include <yaml-cpp/yaml.h>

namespace {
constexpr int kMaxRange = 1024;

struct Range {
    int first = 0, last = 0;
};

bool parseRange(const QString& text, Range* r)
{
    const QStringList parts = text.split(QLatin1Char('-'));
    if (parts.size() > 2 || text.isEmpty())
        return false;
    bool ok1 = false, ok2 = true;
    r->first = parts[0].toInt(&ok1);
    r->last = parts.size() == 2 ? parts[1].toInt(&ok2) : r->first;
    return ok1 && ok2 && r->first >= 0 && r->last >= r->first && r->last <= 65535 && r->last - r->first < kMaxRange;
}

/// "[ip:][host:]container[/proto]" with IPv6 in brackets.
bool parseShort(const QString& spec, const QString& service, QList<ComposePort>* out, QString* error)
{
    QString s = spec.trimmed();
    QString proto = QStringLiteral("tcp");
    if (const qsizetype slash = s.lastIndexOf(QLatin1Char('/')); slash >= 0) {
        proto = s.mid(slash + 1);
        s.truncate(slash);
    }
    QString ip;
    if (s.startsWith(QLatin1Char('['))) {
        const qsizetype close = s.indexOf(QLatin1Char(']'));
        if (close < 0 || close + 1 >= s.size() || s.at(close + 1) != QLatin1Char(':'))
            return *error = QStringLiteral("bad IPv6 address in '%1'").arg(spec), false;
        ip = s.mid(1, close - 1);
        s = s.mid(close + 2);
    }
    QStringList parts = s.split(QLatin1Char(':'));
    if (ip.isEmpty() && parts.size() == 3)
        ip = parts.takeFirst();
    if (parts.isEmpty() || parts.size() > 2)
        return *error = QStringLiteral("cannot read port '%1' of service %2").arg(spec, service), false;
    Range container, host;
    if (!parseRange(parts.last(), &container))
        return *error = QStringLiteral("bad container port in '%1' of service %2").arg(spec, service), false;
    const bool hasHost = parts.size() == 2 && !parts.first().isEmpty();
    if (hasHost && !parseRange(parts.first(), &host))
        return *error = QStringLiteral("bad host port in '%1' of service %2").arg(spec, service), false;
    if (hasHost && host.last - host.first != container.last - container.first && host.first != host.last)
        return *error = QStringLiteral("host and container ranges differ in '%1'").arg(spec), false;
    for (int i = 0; i <= container.last - container.first; ++i) {
        ComposePort p;
        p.service = service;
        p.hostIp = ip;
        p.containerPort = container.first + i;
        p.hostPort = !hasHost ? 0 : host.first == host.last ? host.first : host.first + i;
        p.protocol = proto;
        out->append(p);
    }
    return true;
}

QString scalar(const YAML::Node& n, const QHash<QString, QString>& env, QString* error, bool* ok)
{
    QString out;
    *ok = Interpolation::expand(QString::fromStdString(n.as<std::string>()), env, &out, error);
    return out;
}
} // namespace

bool ComposePort::onAllInterfaces() const
{
    return hostIp.isEmpty() || hostIp == QLatin1String("0.0.0.0") || hostIp == QLatin1String("::");
}

QString ComposePort::describe() const
{
    const QString host = hostIp.isEmpty() ? QStringLiteral("0.0.0.0") : hostIp.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(hostIp) : hostIp;
    return QStringLiteral("%1:%2 -> %3/%4 (%5)")
        .arg(host, hostPort ? QString::number(hostPort) : QStringLiteral("*"))
        .arg(containerPort)
        .arg(protocol, service);
}

bool ComposePorts::parse(const QByteArray& yaml, const QHash<QString, QString>& env, QList<ComposePort>* out, QString* error)
{
    QString dummy;
    QString* err = error ? error : &dummy;
    QList<ComposePort> result;
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        const YAML::Node services = root.IsMap() ? root["services"] : YAML::Node();
        if (services && services.IsMap()) {
            for (const auto& s : services) {
                const QString service = QString::fromStdString(s.first.as<std::string>());
                if (!s.second.IsMap())
                    continue;
                const YAML::Node ports = s.second["ports"];
                if (!ports)
                    continue;
                if (!ports.IsSequence())
                    return *err = QStringLiteral("ports of service %1 is not a list").arg(service), false;
                for (const auto& entry : ports) {
                    bool ok = true;
                    if (entry.IsScalar()) {
                        const QString spec = scalar(entry, env, err, &ok);
                        if (!ok || !parseShort(spec, service, &result, err))
                            return false;
                    } else if (entry.IsMap()) {
                        ComposePort p;
                        p.service = service;
                        const QString target = entry["target"] ? scalar(entry["target"], env, err, &ok) : QString();
                        if (!ok)
                            return false;
                        bool num = false;
                        p.containerPort = target.toInt(&num);
                        if (!num)
                            return *err = QStringLiteral("port entry of service %1 has no numeric target").arg(service), false;
                        if (entry["published"]) {
                            const QString pub = scalar(entry["published"], env, err, &ok);
                            if (!ok)
                                return false;
                            Range r;
                            if (!parseRange(pub, &r))
                                return *err = QStringLiteral("bad published port '%1' of service %2").arg(pub, service), false;
                            p.hostPort = r.first;
                        }
                        if (entry["host_ip"])
                            p.hostIp = scalar(entry["host_ip"], env, err, &ok);
                        if (entry["protocol"])
                            p.protocol = scalar(entry["protocol"], env, err, &ok);
                        if (!ok)
                            return false;
                        result.append(p);
                    } else {
                        return *err = QStringLiteral("unreadable port entry of service %1").arg(service), false;
                    }
                }
            }
        }
    } catch (const std::exception& e) {
        *err = QStringLiteral("cannot read docker-compose.yml: %1").arg(QString::fromUtf8(e.what()));
        return false;
    }
    *out = result;
    return true;
}

QList<ComposePort> ComposePorts::publishing(const QList<ComposePort>& ports, int port)
{
    QList<ComposePort> hits;
    for (const ComposePort& p : ports)
        if (p.hostPort == port)
            hits.append(p);
    return hits;
}
