#pragma once

#include <QList>
#include <QString>

/// The model profiles of a current checkout: `config/model_profiles/*.json` (MODEL_PROFILE names
/// one by its file name without `.json`). Older checkouts have none.
struct ModelProfile {
    QString name;        ///< file base name, what MODEL_PROFILE holds
    QString displayName; ///< display_name
    QString model;       ///< model_id
    QString provider;    ///< provider (lm_studio, fastflow_amd, ollama_docker)
    qint64 context = 0;  ///< context_window.max_context_length; 0 when absent
    QString error;       ///< set when the file is not a readable profile
};

namespace ModelProfiles {
/// The profiles of the checkout at \a checkoutRoot, sorted by name.
QList<ModelProfile> list(const QString& checkoutRoot);
} // namespace ModelProfiles
