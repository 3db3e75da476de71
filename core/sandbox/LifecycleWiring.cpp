#include "LifecycleWiring.h"

#include "docker/EngineClient.h"
#include "fileio/RegularFile.h"
#include "settings/EnvValues.h"
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
        const RegularFile::Read f = EnvValues::readFile(checkout.envFile());
        if (!f.ok() || !f.exists) {
            errors << QStringLiteral("error .env: %1").arg(f.ok() ? QStringLiteral("%1 does not exist").arg(checkout.envFile()) : f.error);
            return;
        }
        const EnvFile env = EnvFile::parse(f.bytes);
        for (const Finding& finding : SettingsValidator(checkout.root()).validate(env, QFile::permissions(checkout.envFile())))
            (finding.isError() ? errors : warnings) << finding.toString();
    };
}

void wire(Lifecycle& lifecycle, EngineClient& client)
{
    lifecycle.setEngine(engineRequest(client));
    lifecycle.setValidator(settingsValidator());
}

} // namespace LifecycleWiring
