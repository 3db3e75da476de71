#include "LifecycleWiring.h"

#include "docker/EngineClient.h"
#include "settings/EnvFile.h"
#include "settings/SettingsValidator.h"

#include <QFile>
#include <QPointer>

namespace LifecycleWiring {

EngineRequest engineRequest(EngineClient& client)
{
    QPointer<EngineClient> c(&client);
    return [c](const QByteArray& method, const QString& path, const QByteArray& body,
               std::function<void(const EngineResult&)> done) {
        if (!c) {
            done({0, {}, QStringLiteral("engine client is gone")});
            return;
        }
        c->request(method, path, body, [done](const EngineReply& r) { done({r.status, r.body, r.error}); });
    };
}

Lifecycle::Validator settingsValidator()
{
    return [](const Checkout& checkout, QStringList& errors, QStringList& warnings) {
        QFile f(checkout.envFile());
        if (!f.open(QIODevice::ReadOnly)) {
            errors << QStringLiteral("error .env: cannot read %1: %2").arg(checkout.envFile(), f.errorString());
            return;
        }
        const EnvFile env = EnvFile::parse(f.readAll());
        for (const Finding& finding : SettingsValidator(checkout.root()).validate(env, f.permissions()))
            (finding.isError() ? errors : warnings) << finding.toString();
    };
}

void wire(Lifecycle& lifecycle, EngineClient& client)
{
    lifecycle.setEngine(engineRequest(client));
    lifecycle.setValidator(settingsValidator());
}

} // namespace LifecycleWiring
