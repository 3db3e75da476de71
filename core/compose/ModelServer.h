#pragma once

#include "core/settings/EnvValues.h"

#include <QString>
#include <QStringList>

#include <functional>

class EngineClient;
class QNetworkAccessManager;
class QObject;

/// Whether the model server of the settings answers and lists the model, the way the checkout's
/// Makefile checks it: LM Studio / FastFlow at http://LLM_HOST:LLM_PORT/v1/models (Bearer
/// LM_STUDIO_API_KEY when set; LLM_HOST defaults to localhost), Ollama as `ollama list` in the
/// project's llm-backend container sees it (ollamaList).
struct ModelServerStatus {
    QString source; ///< LLM_SOURCE
    QString where;  ///< the URL or "ollama list in CONTAINER"
    QString model;  ///< the model the settings ask for (MODEL_PROFILE's model_id when set)
    bool answered = false;
    bool listsModel = false;
    QStringList models; ///< what the server lists
    QString detail;     ///< the error, when it did not answer
    /// "model server http://...: answers, lists google/gemma-4-e4b" style one-liner.
    QString summary() const;
};

/// What `ollama list` in the project's running llm-backend container said.
struct OllamaListing {
    QString container;     ///< the llm-backend container's name; empty when none runs
    QString where;         ///< how it was asked ("ollama /api/tags of C at 127.0.0.1:P", "ollama list in C")
    bool answered = false; ///< `ollama list` ran and exited 0
    QStringList models;    ///< its first column, without the header
    QString error;         ///< why not answered, in plain words
};

namespace ModelServer {
/// The model the settings ask for: the profile's model_id when MODEL_PROFILE names an existing
/// profile, else LM_STUDIO_MODEL / FASTFLOW_MODEL / OLLAMA_MODEL for LLM_SOURCE.
QString expectedModel(const EnvValues& env, const QString& checkoutRoot);
/// The URL the HTTP check asks.
QString modelsUrl(const EnvValues& env);
/// Runs the check; \a done once, within about \a timeoutMs. Ollama's check needs \a engine
/// (without one it reports that it could not ask).
void check(QObject* context, QNetworkAccessManager* nam, EngineClient* engine, const EnvValues& env, const QString& checkoutRoot, const QString& project,
           int timeoutMs, std::function<void(ModelServerStatus)> done);
/// What `ollama list` says in the running llm-backend container of compose project \a project
/// (found by GET /containers/json by label): its server's GET /api/tags on the port the container
/// publishes on loopback (\a nam), else `ollama list` run in it (ContainerExec); \a done once
/// unless \a context is gone.
void ollamaList(EngineClient& engine, QNetworkAccessManager* nam, const QString& project, QObject* context, int timeoutMs,
                std::function<void(const OllamaListing&)> done);
} // namespace ModelServer
