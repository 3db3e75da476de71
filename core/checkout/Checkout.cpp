#include "Checkout.h"
#include "core/fileio/RegularFile.h"
#include "core/fileio/SafeWrite.h"

#include "core/settings/EnvValues.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>

Checkout::Checkout(const QString& dir)
    : m_root(QDir::cleanPath(QFileInfo(dir).absoluteFilePath()))
{
}

bool Checkout::looksValid(QString* why) const
{
    auto fail = [why](const QString& message) {
        if (why)
            *why = message;
        return false;
    };
    if (m_root.isEmpty() || !QFileInfo(m_root).isDir())
        return fail(QStringLiteral("%1 is not a folder").arg(m_root));
    if (!QFileInfo::exists(composeFile()) && !QFileInfo::exists(envFile()))
        return fail(QStringLiteral("%1 has neither docker-compose.yml nor .env: not a sandbox checkout").arg(m_root));
    return true;
}

bool Checkout::needsEnvFromExample() const
{
    return !QFileInfo::exists(envFile()) && QFileInfo(envExampleFile()).isFile();
}

bool Checkout::createEnvFromExample(QString* error) const
{
    auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    if (QFileInfo::exists(envFile()))
        return fail(QStringLiteral("%1 already exists; it is not replaced").arg(envFile()));
    const RegularFile::Read example = RegularFile::read(envExampleFile(), 1024 * 1024);
    if (!example.ok() || !example.exists)
        return fail(QStringLiteral("cannot read %1: %2").arg(envExampleFile(), example.ok() ? QStringLiteral("it is missing") : example.error));
    // The one safe-write path: refused if a .env appears meanwhile; a new file is 0600.
    const WriteResult r = SafeWrite::replaceIfUnchanged(envFile(), SafeWrite::Expected{false, {}}, example.bytes, 0600);
    return r.ok() || fail(r.message);
}

QString Checkout::name() const
{
    return QFileInfo(m_root).fileName();
}

QString Checkout::path(const QString& relative) const
{
    return QDir(m_root).filePath(relative);
}

QString Checkout::composeProjectName() const
{
    const auto env = QProcessEnvironment::systemEnvironment();
    QString name = env.value(QStringLiteral("COMPOSE_PROJECT_NAME"));
    if (name.isEmpty())
        name = EnvValues::load(envFile()).value(QStringLiteral("COMPOSE_PROJECT_NAME"));
    if (name.isEmpty())
        name = QFileInfo(m_root).fileName();
    return normaliseProjectName(name);
}

QString Checkout::normaliseProjectName(const QString& folderName)
{
    QString out;
    for (QChar c : folderName.toLower()) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'-')
            out.append(c);
    }
    return out;
}
