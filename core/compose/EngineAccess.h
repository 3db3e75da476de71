#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

#include <functional>

/// The lifecycle's view of the Engine API: one asynchronous HTTP request. Kept as a function so
/// core/compose does not depend on a particular client; Lifecycle wires core/docker's
/// EngineClient into it (see EngineAccess.cpp).
struct EngineResult {
    int status = 0;
    QByteArray body;
    QString error; ///< transport error in plain words
    bool ok() const { return error.isEmpty() && status >= 200 && status < 300; }
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    /// "engine said 404: No such container" style text.
    QString describe() const;
};

/// Sends METHOD PATH (no version prefix) with an optional JSON body; \a done runs on the
/// caller's thread.
using EngineRequest = std::function<void(const QByteArray& method, const QString& path,
                                         const QByteArray& body,
                                         std::function<void(const EngineResult&)> done)>;

/// Sends one request and waits for it in a local event loop (CLI and tests only; never in the panel).
EngineResult engineCallBlocking(const EngineRequest& engine, const QByteArray& method, const QString& path);

/// URL-encoded `filters` query value for label filters, e.g. {"label":["a=b"]}.
QString engineLabelFilter(const QStringList& labels);
