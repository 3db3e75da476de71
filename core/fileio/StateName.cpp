#include "StateName.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>

namespace StateName {
QString forCheckout(const QString& checkoutRoot)
{
    const QByteArray id = QCryptographicHash::hash(QDir::cleanPath(checkoutRoot).toUtf8(), QCryptographicHash::Sha1).toHex().left(12);
    return QStringLiteral("%1-%2").arg(QFileInfo(checkoutRoot).fileName(), QString::fromLatin1(id));
}
} // namespace StateName
