#include "LifecycleWiring.h"

#include "core/docker/EngineClient.h"
#include "core/fileio/RegularFile.h"
#include "core/logging/Logging.h"
#include "core/settings/EnvValues.h"
#include "core/settings/PinRecord.h"
#include "core/settings/SettingsValidator.h"

#include <QFile>

namespace LifecycleWiring {

Lifecycle::Validator settingsValidator()
{
    return [](const Checkout& checkout, QStringList& errors, QStringList& warnings) {
        const RegularFile::Read f = EnvValues::readFile(checkout.envFile());
        if (!f.ok() || !f.exists) {
            errors << QStringLiteral(".env: %1").arg(f.ok() ? QStringLiteral("%1 does not exist").arg(checkout.envFile()) : f.error);
            return;
        }
        const EnvFile env = EnvFile::parse(f.bytes);
        // The level is the list's (the start job says "warning" or "error" before each line).
        for (const Finding& finding : SettingsValidator(checkout.root()).validate(env, QFile::permissions(checkout.envFile())))
            (finding.isError() ? errors : warnings) << finding.text();
    };
}

void recordPins(Lifecycle& lifecycle, const QString& stateDir)
{
    const Checkout checkout = lifecycle.checkout();
    const QString file = PinRecord::path(stateDir.isEmpty() ? Logging::stateDir() : stateDir, checkout.root());
    QObject::connect(&lifecycle, &Lifecycle::jobStarted, &lifecycle, [checkout, file](Job* job) {
        const QString name = job->name();
        if (!name.startsWith(QLatin1String("Start")) && name != QLatin1String("Restart") && name != QLatin1String("Build"))
            return;
        // The values the build reads: taken now, saved only when the job succeeds.
        const PinRecord::Pins pins = PinRecord::current(checkout.envFile(), checkout.root());
        QObject::connect(job, &Job::finished, job, [job, file, pins](Job::Status status) {
            if (status != Job::Status::Succeeded)
                return;
            const WriteResult r = PinRecord::save(file, pins);
            if (!r.ok())
                job->warn(QStringLiteral("pinned versions not recorded: %1").arg(r.message));
        });
    });
}

void wire(Lifecycle& lifecycle, EngineClient& client)
{
    lifecycle.setEngine(&client);
    lifecycle.setValidator(settingsValidator());
    recordPins(lifecycle);
}

} // namespace LifecycleWiring
