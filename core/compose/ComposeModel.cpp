#include "ComposeModel.h"

#include "core/posture/PostureAudit.h"

#include <yaml-cpp/yaml.h>

bool ComposeModel::parse(const QByteArray& text, const QString& project, ComposeModel* out, QString* error)
{
    try {
        const YAML::Node root = YAML::Load(text.toStdString());
        ComposeModel model;
        if (const YAML::Node services = root["services"]; services && services.IsMap()) {
            for (const auto& s : services) {
                const QString name = QString::fromStdString(s.first.as<std::string>());
                model.services << name;
                Limits l;
                if (s.second.IsMap() && s.second["cpus"])
                    l.cpus = QString::fromStdString(s.second["cpus"].as<std::string>()).toDouble();
                if (s.second.IsMap() && s.second["mem_limit"])
                    l.memoryBytes = std::max<qint64>(0, PostureAudit::parseBytes(QString::fromStdString(s.second["mem_limit"].as<std::string>())));
                model.limits.insert(name, l);
            }
        }
        if (const YAML::Node networks = root["networks"]; networks && networks.IsMap()) {
            for (const auto& n : networks) {
                Network net;
                net.key = QString::fromStdString(n.first.as<std::string>());
                net.name = project + QLatin1Char('_') + net.key;
                if (n.second.IsMap()) {
                    if (n.second["name"])
                        net.name = QString::fromStdString(n.second["name"].as<std::string>());
                    if (n.second["internal"])
                        net.internal = n.second["internal"].as<bool>();
                }
                model.networks << net;
            }
        }
        *out = model;
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QStringLiteral("cannot read the resolved compose file: %1").arg(QString::fromUtf8(e.what()));
        return false;
    }
}

const ComposeModel::Network* ComposeModel::restrictedNetwork() const
{
    for (const Network& n : networks) {
        if (n.key == QLatin1String("agent_network_restricted") && n.internal)
            return &n;
    }
    for (const Network& n : networks) {
        if (n.internal)
            return &n;
    }
    return nullptr;
}
