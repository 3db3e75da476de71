#include "EngineAccess.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>

QString EngineResult::describe() const
{
    if (!error.isEmpty())
        return error;
    QString message = json().object().value(QStringLiteral("message")).toString();
    if (message.isEmpty())
        message = QString::fromUtf8(body.left(500)).trimmed();
    return QStringLiteral("engine replied %1: %2").arg(status).arg(message);
}

QString engineLabelFilter(const QStringList& labels)
{
    QJsonObject o;
    o.insert(QStringLiteral("label"), QJsonArray::fromStringList(labels));
    return QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))));
}

EngineResult engineCallBlocking(const EngineRequest& engine, const QByteArray& method, const QString& path)
{
    EngineResult result;
    QEventLoop loop;
    bool done = false;
    engine(method, path, {}, [&](const EngineResult& r) {
        result = r;
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec();
    return result;
}
