#include "EngineClient.h"

#include "core/docker/HttpExchange.h"

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

QByteArray EngineReply::header(const QByteArray& name) const
{
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
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

EngineClient::EngineClient(QObject* parent)
    : QObject(parent)
{
}

EngineClient::EngineClient(const EngineEndpoint& endpoint, QObject* parent)
    : QObject(parent)
    , m_endpoint(endpoint)
{
}

const EngineEndpoint& EngineClient::endpoint() const
{
    if (!m_endpoint)
        m_endpoint = EngineEndpoint::fromEnvironment();
    return *m_endpoint;
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

void EngineClient::send(const QByteArray& method, const QString& target, const QByteArray& body, std::function<void(const EngineReply&)> done, int timeoutMs)
{
    auto* ex = new HttpExchange(endpoint(), this);
    connect(ex, &HttpExchange::finished, this, [ex, done] {
        EngineReply r;
        r.error = ex->error();
        r.status = ex->parser().headersComplete() ? ex->parser().status() : 0;
        if (ex->parser().headersComplete())
            r.headers = ex->parser().headers();
        if (r.error.isEmpty())
            r.body = ex->parser().body();
        ex->deleteLater();
        if (done)
            done(r);
    });
    ex->start(method, target, body, false, timeoutMs);
}

namespace {
/// "1.41" from an API-Version header; null when absent or malformed.
QVersionNumber apiVersionOf(const QByteArray& value)
{
    const QVersionNumber v = QVersionNumber::fromString(QString::fromLatin1(value.trimmed()));
    return v.segmentCount() == 2 && v.majorVersion() == 1 ? v : QVersionNumber();
}

/// "20.10.24+dfsg1" from "Docker/20.10.24+dfsg1 (linux)"; empty when not that form.
QString engineVersionOfServerHeader(const QByteArray& server)
{
    if (!server.startsWith("Docker/"))
        return {};
    const QByteArray v = server.mid(7).split(' ').value(0);
    return v.isEmpty() ? QString() : QString::fromLatin1(v.left(64));
}
} // namespace

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
    send(
        "GET", QStringLiteral("/_ping"), {},
        [self, timeoutMs](const EngineReply& r) {
            if (!self)
                return;
            if (!r.error.isEmpty()) {
                self->finishNegotiation(r.error);
                return;
            }
            const QVersionNumber server = apiVersionOf(r.header("API-Version"));
            const QString engine = engineVersionOfServerHeader(r.header("Server"));
            if (!r.ok() || server.isNull() || engine.isEmpty()) {
                self->negotiateFromVersion(timeoutMs); // not a docker engine's ping: ask /version
                return;
            }
            const QVersionNumber ours = QVersionNumber::fromString(maxApiVersion());
            self->m_apiVersion = (server < ours ? server : ours).toString();
            self->m_serverVersion = engine;
            self->finishNegotiation({});
        },
        timeoutMs);
}

void EngineClient::negotiateFromVersion(int timeoutMs)
{
    QPointer<EngineClient> self(this);
    send(
        "GET", QStringLiteral("/version"), {},
        [self](const EngineReply& r) {
            if (!self)
                return;
            QString error;
            if (!r.ok()) {
                error = r.describe();
            } else {
                const QJsonObject o = r.json().object();
                const QVersionNumber server = QVersionNumber::fromString(o.value(QStringLiteral("ApiVersion")).toString());
                const QVersionNumber serverMin = QVersionNumber::fromString(o.value(QStringLiteral("MinAPIVersion")).toString());
                const QVersionNumber ours = QVersionNumber::fromString(maxApiVersion());
                if (server.isNull()) {
                    error = QStringLiteral("engine at %1 did not say its API version").arg(self->endpoint().toString());
                } else if (!serverMin.isNull() && ours < serverMin) {
                    error = QStringLiteral("engine at %1 needs API %2 or newer; this client speaks up to %3")
                                .arg(self->endpoint().toString(), serverMin.toString(), ours.toString());
                } else {
                    self->m_apiVersion = (server < ours ? server : ours).toString();
                    self->m_serverVersion = o.value(QStringLiteral("Version")).toString();
                }
            }
            self->finishNegotiation(error);
        },
        timeoutMs);
}

void EngineClient::finishNegotiation(const QString& error)
{
    m_negotiating = false;
    auto waiting = std::move(m_waiting);
    m_waiting.clear();
    for (auto& w : waiting)
        w(error);
}

void EngineClient::resetNegotiation()
{
    if (!m_negotiating) {
        m_apiVersion.clear();
        m_serverVersion.clear();
    }
}

void EngineClient::request(const QByteArray& method, const QString& path, const QByteArray& jsonBody, QObject* context,
                           std::function<void(const EngineReply&)> done, int timeoutMs)
{
    QPointer<QObject> guard(context);
    request(
        method, path, jsonBody,
        [guarded = context != nullptr, guard, done = std::move(done)](const EngineReply& r) {
            if (!guarded || guard)
                done(r);
        },
        timeoutMs);
}

void EngineClient::request(const QByteArray& method, const QString& path, const QByteArray& jsonBody, std::function<void(const EngineReply&)> done,
                           int timeoutMs)
{
    QPointer<EngineClient> self(this);
    negotiate(
        [self, method, path, jsonBody, done, timeoutMs](const QString& error) {
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
        },
        timeoutMs);
}

EngineReply EngineClient::call(const QByteArray& method, const QString& path, const QByteArray& jsonBody, int timeoutMs)
{
    EngineReply out;
    bool finished = false;
    QEventLoop loop;
    request(
        method, path, jsonBody,
        [&](const EngineReply& r) {
            out = r;
            finished = true;
            loop.quit();
        },
        timeoutMs);
    if (!finished)
        loop.exec();
    return out;
}

EngineReply EngineClient::version()
{
    return call("GET", QStringLiteral("/version"));
}

EngineReply EngineClient::ping()
{
    return call("GET", QStringLiteral("/_ping"));
}

HttpExchange* EngineClient::openStream(const QString& path, QObject* parent, int connectTimeoutMs, const QByteArray& method, const QByteArray& jsonBody)
{
    auto* ex = new HttpExchange(endpoint(), parent);
    HttpResponseParser::Limits limits;
    limits.maxBodyBytes = 8 * 1024 * 1024; // untaken bytes only
    ex->start(method, apiPrefix() + path, jsonBody, true, connectTimeoutMs, limits);
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
