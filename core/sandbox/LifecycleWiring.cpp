#include "LifecycleWiring.h"

#include "docker/EngineClient.h"
#include "fileio/RegularFile.h"
#include "settings/EnvValues.h"
#include "settings/SettingsValidator.h"

#include <QFile>

namespace LifecycleWiring {

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
    lifecycle.setEngine(&client);
    lifecycle.setValidator(settingsValidator());
}

} // namespace LifecycleWiring
