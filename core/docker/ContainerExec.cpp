#include "ContainerExec.h"

#include "core/docker/EngineClient.h"
#include "core/docker/HttpExchange.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

QString ExecResult::describe() const
{
    if (ok())
        return {};
    if (!error.isEmpty())
        return error;
    const QByteArray said = (err.trimmed().isEmpty() ? out : err).trimmed();
    const QStringList lines = QString::fromUtf8(said.right(4000)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QString tail = lines.mid(qMax<qsizetype>(0, lines.size() - 5)).join(QLatin1Char('\n')).trimmed();
    return tail.isEmpty() ? QStringLiteral("exit status %1").arg(exitCode) : QStringLiteral("exit status %1: %2").arg(exitCode).arg(tail);
}

namespace {
QString encoded(const QString& s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}

/// One run: owns its stream and its deadline; deletes itself after calling back once.
class ExecRun : public QObject {
public:
    ExecRun(EngineClient& engine, QObject* context, QString container, QStringList command, ExecOptions options, std::function<void(const ExecResult&)> done)
        : QObject(context)
        , m_engine(&engine)
        , m_container(std::move(container))
        , m_command(std::move(command))
        , m_options(std::move(options))
        , m_done(std::move(done))
    {
        m_deadline.setSingleShot(true);
        connect(&m_deadline, &QTimer::timeout, this, [this] {
            finish(
                QStringLiteral("`%1` in %2 did not finish within %3 s").arg(m_command.join(QLatin1Char(' ')), m_container).arg(m_options.timeoutMs / 1000.0));
        });
    }

    void start()
    {
        if (m_options.timeoutMs > 0)
            m_deadline.start(m_options.timeoutMs);
        QJsonObject config{{QStringLiteral("AttachStdin"), false},
                           {QStringLiteral("AttachStdout"), true},
                           {QStringLiteral("AttachStderr"), true},
                           {QStringLiteral("Tty"), false},
                           {QStringLiteral("Cmd"), QJsonArray::fromStringList(m_command)}};
        if (!m_options.env.isEmpty())
            config.insert(QStringLiteral("Env"), QJsonArray::fromStringList(m_options.env));
        m_engine->request(
            "POST", QStringLiteral("/containers/%1/exec").arg(encoded(m_container)), QJsonDocument(config).toJson(QJsonDocument::Compact), this,
            [this](const EngineReply& r) {
                if (!r.ok()) {
                    finish(QStringLiteral("cannot run `%1` in %2: %3").arg(m_command.join(QLatin1Char(' ')), m_container, r.describe()));
                    return;
                }
                m_id = r.json().object().value(QStringLiteral("Id")).toString();
                startStream();
            },
            m_options.timeoutMs);
    }

private:
    void startStream()
    {
        if (!m_engine) {
            finish(QStringLiteral("the engine connection is gone"));
            return;
        }
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("Detach"), false}, {QStringLiteral("Tty"), false}}).toJson(QJsonDocument::Compact);
        m_stream = m_engine->openStream(QStringLiteral("/exec/%1/start").arg(encoded(m_id)), this, 10000, "POST", body);
        connect(m_stream, &HttpExchange::headersReceived, this, [this](int status) { m_status = status; });
        connect(m_stream, &HttpExchange::bodyData, this, [this](const QByteArray& data) {
            if (m_status >= 200 && m_status < 300)
                deliver(m_demux.feed(data));
            else
                m_refusal += data.left(4096 - m_refusal.size());
        });
        connect(m_stream, &HttpExchange::finished, this, [this] {
            const QString error = m_stream->error();
            if (!error.isEmpty()) {
                finish(error);
                return;
            }
            if (m_status < 200 || m_status >= 300) {
                EngineReply r;
                r.status = m_status;
                r.body = m_refusal;
                finish(QStringLiteral("cannot run `%1` in %2: %3").arg(m_command.join(QLatin1Char(' ')), m_container, r.describe()));
                return;
            }
            deliver(m_demux.finish());
            inspect();
        });
    }

    void deliver(const QList<MultiplexedStream::Chunk>& chunks)
    {
        for (const MultiplexedStream::Chunk& c : chunks) {
            QByteArray& kept = c.channel == MultiplexedStream::Channel::Stdout ? m_result.out : m_result.err;
            kept += c.data;
            if (kept.size() > m_options.keepBytes)
                kept = kept.right(m_options.keepBytes);
            if (m_options.output)
                m_options.output(c.channel, c.data);
        }
    }

    /// The exit status; the engine sets it before it closes the stream, asked again briefly if not.
    void inspect()
    {
        m_engine->request("GET", QStringLiteral("/exec/%1/json").arg(encoded(m_id)), {}, this, [this](const EngineReply& r) {
            if (!r.ok()) {
                finish(QStringLiteral("`%1` in %2: its exit status could not be read: %3").arg(m_command.join(QLatin1Char(' ')), m_container, r.describe()));
                return;
            }
            const QJsonObject o = r.json().object();
            if (o.value(QStringLiteral("Running")).toBool()) {
                QTimer::singleShot(20, this, [this] { inspect(); }); // bounded by the run's deadline
                return;
            }
            m_result.exitCode = o.value(QStringLiteral("ExitCode")).toInt(-1);
            finish({});
        });
    }

    void finish(const QString& error)
    {
        if (m_finished)
            return;
        m_finished = true;
        m_deadline.stop();
        if (m_stream)
            m_stream->abort();
        m_result.error = error;
        if (!error.isEmpty())
            m_result.exitCode = -1;
        auto done = std::move(m_done);
        const ExecResult result = m_result;
        deleteLater();
        if (done)
            done(result);
    }

    QPointer<EngineClient> m_engine;
    QString m_container;
    QStringList m_command;
    ExecOptions m_options;
    std::function<void(const ExecResult&)> m_done;
    QTimer m_deadline;
    QString m_id;
    HttpExchange* m_stream = nullptr;
    int m_status = 0;
    QByteArray m_refusal;
    MultiplexedStream m_demux;
    ExecResult m_result;
    bool m_finished = false;
};
} // namespace

namespace ContainerExec {

void run(EngineClient& engine, const QString& container, const QStringList& command, QObject* context, std::function<void(const ExecResult&)> done,
         const ExecOptions& options)
{
    // Parented to the context: destroying the context abandons the run and drops the callback.
    auto* exec = new ExecRun(engine, context, container, command, options, std::move(done));
    exec->start();
}

ExecResult runBlocking(EngineClient& engine, const QString& container, const QStringList& command, const ExecOptions& options)
{
    QObject context;
    ExecResult out;
    bool finished = false;
    QEventLoop loop;
    run(
        engine, container, command, &context,
        [&](const ExecResult& r) {
            out = r;
            finished = true;
            loop.quit();
        },
        options);
    if (!finished)
        loop.exec();
    return out;
}

} // namespace ContainerExec
