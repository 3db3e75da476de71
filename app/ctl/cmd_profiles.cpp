// `profiles`: the current checkout's model profiles (config/model_profiles/*.json), the one
// MODEL_PROFILE names marked. Choosing one is `set MODEL_PROFILE NAME` (the lossless .env path).
#include "CtlCommand.h"

#include "core/checkout/ModelProfiles.h"
#include "core/settings/EnvValues.h"
#include "core/text/VisibleText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
int profiles(CtlContext& c)
{
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("profiles takes no arguments"));
    const QList<ModelProfile> list = ModelProfiles::list(c.checkout.root());
    const QString active = EnvValues::load(c.checkout.envFile()).value(QStringLiteral("MODEL_PROFILE"));
    if (c.json) {
        QJsonArray arr;
        for (const ModelProfile& p : list) {
            QJsonObject o{{QStringLiteral("name"), p.name},
                          {QStringLiteral("model"), p.model},
                          {QStringLiteral("context"), p.context},
                          {QStringLiteral("provider"), p.provider},
                          {QStringLiteral("display_name"), p.displayName},
                          {QStringLiteral("active"), p.name == active}};
            if (!p.error.isEmpty())
                o.insert(QStringLiteral("error"), p.error);
            arr.append(o);
        }
        c.out << VisibleText::json(
            QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("active"), active}, {QStringLiteral("profiles"), arr}}).toJson(QJsonDocument::Compact)))
              << Qt::endl;
    } else if (list.isEmpty()) {
        c.out << "no model profiles (config/model_profiles/ is absent or empty in " << VisibleText::escape(c.checkout.root()) << ")" << Qt::endl;
    } else {
        c.out << QStringLiteral("  %1 %2 %3 %4")
                     .arg(QStringLiteral("NAME"), -16)
                     .arg(QStringLiteral("MODEL"), -24)
                     .arg(QStringLiteral("CONTEXT"), 8)
                     .arg(QStringLiteral("PROVIDER"))
              << '\n';
        for (const ModelProfile& p : list) {
            c.out << (p.name == active ? "* " : "  ");
            // Names and values come from the profile files: control characters shown escaped.
            if (!p.error.isEmpty())
                c.out << VisibleText::escape(QStringLiteral("%1 unreadable: %2").arg(p.name, -16).arg(p.error)) << '\n';
            else
                c.out << VisibleText::escape(QStringLiteral("%1 %2 %3 %4").arg(p.name, -16).arg(p.model, -24).arg(p.context, 8).arg(p.provider)) << '\n';
        }
        if (!active.isEmpty() && std::none_of(list.begin(), list.end(), [&](const ModelProfile& p) { return p.name == active; }))
            c.err << "sandbox-ctl: MODEL_PROFILE=" << VisibleText::escape(active) << " names no profile in config/model_profiles/" << Qt::endl;
        c.out.flush();
    }
    return std::any_of(list.begin(), list.end(), [](const ModelProfile& p) { return !p.error.isEmpty(); }) ? ExitProblems : ExitOk;
}

const CtlRegistration reg(QStringLiteral("profiles"), QStringLiteral("profiles                   model profiles of the checkout (MODEL_PROFILE marked *)"),
                          profiles);
} // namespace
