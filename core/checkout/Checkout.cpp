#include "Checkout.h"
#include "core/fileio/RegularFile.h"

#include "core/settings/EnvValues.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QSaveFile>

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
        return fail(QStringLiteral("%1 has neither docker-compose.yml nor .env: not a sandbox checkout")
                        .arg(m_root));
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
    QFile example(envExampleFile());
    if (!example.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(envExampleFile(), example.errorString()));
    const QByteArray text = example.readAll();
    QSaveFile out(envFile());
    if (!out.open(QIODevice::WriteOnly) || !out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || out.write(text) != text.size() || !out.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(envFile(), out.errorString()));
    return true;
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
