#include "EngineClient.h"

#include "docker/HttpExchange.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QUrl>
#include <QVersionNumber>

QJsonDocument EngineReply::json() const
{
    return QJsonDocument::fromJson(body);
}

QString EngineReply::describe() const
{
    if (!error.isEmpty())
        return error;
    if (ok())
        return {};
    QString message = QJsonDocument::fromJson(body).object().value(QStringLiteral("message")).toString();
    if (message.isEmpty())
        message = QString::fromUtf8(body.left(300)).trimmed();
    return QStringLiteral("engine said %1: %2").arg(status).arg(message);
}

EngineClient::EngineClient(const EngineEndpoint& endpoint, QObject* parent)
    : QObject(parent)
    , m_endpoint(endpoint)
{
}

EngineClient::~EngineClient() = default;

QString EngineClient::maxApiVersion()
{
    return QStringLiteral("1.43");
}

QString EngineClient::apiPrefix() const
{
    return m_apiVersion.isEmpty() ? QString() : QStringLiteral("/v") + m_apiVersion;
}

void EngineClient::send(const QByteArray& method, const QString& target, const QByteArray& body,
                        std::function<void(const EngineReply&)> done, int timeoutMs)
{
    auto* ex = new HttpExchange(m_endpoint, this);
    connect(ex, &HttpExchange::finished, this, [ex, done] {
        EngineReply r;
        r.error = ex->error();
        r.status = ex->parser().headersComplete() ? ex->parser().status() : 0;
        if (r.error.isEmpty())
            r.body = ex->parser().body();
        ex->deleteLater();
        if (done)
            done(r);
    });
    ex->start(method, target, body, false, timeoutMs);
}

void EngineClient::negotiate(std::function<void(const QString&)> done, int timeoutMs)
{
    if (!m_apiVersion.isEmpty()) {
        done({});
        return;
    }
    m_waiting.push_back(std::move(done));
    if (m_negotiating)
        return;
    m_negotiating = true;
    QPointer<EngineClient> self(this);
    send("GET", QStringLiteral("/version"), {}, [self](const EngineReply& r) {
        if (!self)
            return;
        self->m_versionReply = r;
        QString error;
        if (!r.ok()) {
            error = r.describe();
        } else {
            const QJsonObject o = r.json().object();
            const QVersionNumber server = QVersionNumber::fromString(o.value(QStringLiteral("ApiVersion")).toString());
            const QVersionNumber serverMin = QVersionNumber::fromString(o.value(QStringLiteral("MinAPIVersion")).toString());
            const QVersionNumber ours = QVersionNumber::fromString(maxApiVersion());
            if (server.isNull()) {
                error = QStringLiteral("engine at %1 did not say its API version").arg(self->m_endpoint.toString());
            } else if (!serverMin.isNull() && ours < serverMin) {
                error = QStringLiteral("engine at %1 needs API %2 or newer; this client speaks up to %3")
                            .arg(self->m_endpoint.toString(), serverMin.toString(), ours.toString());
            } else {
                self->m_apiVersion = (server < ours ? server : ours).toString();
                self->m_serverVersion = o.value(QStringLiteral("Version")).toString();
            }
        }
        if (!error.isEmpty() && self->m_versionReply.error.isEmpty())
            self->m_versionReply.error = error;
        self->m_negotiating = false;
        auto waiting = std::move(self->m_waiting);
        self->m_waiting.clear();
        for (auto& w : waiting)
            w(error);
    }, timeoutMs);
}

void EngineClient::resetNegotiation()
{
    if (!m_negotiating) {
        m_apiVersion.clear();
        m_serverVersion.clear();
    }
}

void EngineClient::request(const QByteArray& method, const QString& path, const QByteArray& jsonBody,
                           std::function<void(const EngineReply&)> done, int timeoutMs)
{
    QPointer<EngineClient> self(this);
    negotiate([self, method, path, jsonBody, done, timeoutMs](const QString& error) {
        if (!self)
            return;
        if (!error.isEmpty()) {
            EngineReply r;
            r.error = error;
            if (done)
                done(r);
            return;
        }
        self->send(method, self->apiPrefix() + path, jsonBody, done, timeoutMs);
    }, timeoutMs);
}

EngineReply EngineClient::call(const QByteArray& method, const QString& path, const QByteArray& jsonBody,
                               int timeoutMs)
{
    EngineReply out;
    bool finished = false;
    QEventLoop loop;
    request(method, path, jsonBody, [&](const EngineReply& r) {
        out = r;
        finished = true;
        loop.quit();
    }, timeoutMs);
    if (!finished)
        loop.exec();
    return out;
}

EngineReply EngineClient::version()
{
    if (!m_apiVersion.isEmpty())
        return call("GET", QStringLiteral("/version"));
    bool finished = false;
    QEventLoop loop;
    negotiate([&](const QString&) {
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return m_versionReply;
}

HttpExchange* EngineClient::openStream(const QString& path, QObject* parent, int connectTimeoutMs)
{
    auto* ex = new HttpExchange(m_endpoint, parent);
    HttpResponseParser::Limits limits;
    limits.maxBodyBytes = 8 * 1024 * 1024; // untaken bytes only
    ex->start("GET", apiPrefix() + path, {}, true, connectTimeoutMs, limits);
    return ex;
}

QString EngineClient::filtersQuery(const QList<QPair<QString, QStringList>>& filters)
{
    QJsonObject o;
    for (const auto& f : filters)
        o.insert(f.first, QJsonArray::fromStringList(f.second));
    return QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))));
}

QString EngineClient::projectContainersPath(const QString& project)
{
    return QStringLiteral("/containers/json?all=1&filters=")
        + filtersQuery({{QStringLiteral("label"), {QStringLiteral("com.docker.compose.project=") + project}}});
}

EngineReply EngineClient::listProjectContainers(const QString& project)
{
    return call("GET", projectContainersPath(project));
}

EngineReply EngineClient::inspectContainer(const QString& idOrName)
{
    return call("GET", QStringLiteral("/containers/%1/json").arg(QString::fromLatin1(QUrl::toPercentEncoding(idOrName))));
}

EngineReply EngineClient::inspectNetwork(const QString& idOrName)
{
    return call("GET", QStringLiteral("/networks/%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(idOrName))));
}

EngineReply EngineClient::listImages()
{
    return call("GET", QStringLiteral("/images/json"));
}

EngineReply EngineClient::info()
{
    return call("GET", QStringLiteral("/info"));
}
