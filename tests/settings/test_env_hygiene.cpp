// Secrets hygiene of .env: a classic GitHub token is a warning naming the fine-grained kind
// (validation, so `sandbox-ctl validate` shows it, token masked), and `sandbox-ctl
// fix-permissions` sets a .env readable by others to mode 600.
#include "CtlRun.h"

#include "core/settings/EnvPermissions.h"
#include "core/settings/SettingsValidator.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
QString classicToken()
{
    return QStringLiteral("gh") + QStringLiteral("p_") + QString(36, QLatin1Char('Q'));
}
QString fineToken()
{
    return QStringLiteral("github") + QStringLiteral("_pat_") + QString(40, QLatin1Char('Q'));
}
bool write(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}
const QFileDevice::Permissions k644 = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
} // namespace

class TestEnvHygiene : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void classicTokenWarns()
    {
        QTemporaryDir dir;
        const SettingsValidator v(dir.path());
        const Findings classic = v.validate(EnvFile::parse("GITHUB_TOKEN=" + classicToken().toUtf8() + "\n"));
        bool warned = false;
        for (const Finding& f : classic) {
            QVERIFY(!f.message.contains(classicToken()));
            if (f.key == QLatin1String("GITHUB_TOKEN") && !f.isError() && f.message.contains(QStringLiteral("fine-grained token (github_pat_...)"))
                && f.message.contains(QStringLiteral("minimum permissions")))
                warned = true;
        }
        QVERIFY(warned);
        for (const Finding& f : v.validate(EnvFile::parse("GITHUB_TOKEN=" + fineToken().toUtf8() + "\n")))
            QVERIFY2(!f.message.contains(QStringLiteral("classic")), qPrintable(f.toString()));
    }

    void validateCliShowsItMasked()
    {
        QTemporaryDir dir;
        QVERIFY(write(dir.filePath(QStringLiteral(".env")), "GH_TOKEN=" + classicToken().toUtf8() + "\n"));
        QFile::setPermissions(dir.filePath(QStringLiteral(".env")), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const CtlRun r = CtlRun::run(dir.path(), {QStringLiteral("validate")});
        QVERIFY2(r.out.contains(QStringLiteral("warning GH_TOKEN: is a classic GitHub token")), qPrintable(r.out));
        QVERIFY(!r.out.contains(classicToken()) && !r.err.contains(classicToken()));
    }

    void fixPermissionsCli()
    {
        QTemporaryDir dir;
        const QString env = dir.filePath(QStringLiteral(".env"));
        QVERIFY(write(env, "NETWORK_EGRESS=restricted\n"));
        QVERIFY(QFile::setPermissions(env, k644));
        QVERIFY(EnvPermissions::tooOpen(env));
        QVERIFY(CtlRun::run(dir.path(), {QStringLiteral("validate")}).out.contains(QStringLiteral("fix: sandbox-ctl fix-permissions")));

        CtlRun r = CtlRun::run(dir.path(), {QStringLiteral("fix-permissions")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("set to mode 600")));
        QCOMPARE(QFile::permissions(env) & (k644 | QFileDevice::ExeOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY(!EnvPermissions::tooOpen(env));
        QVERIFY(!CtlRun::run(dir.path(), {QStringLiteral("validate")}).out.contains(QStringLiteral("permissions should be")));
        QCOMPARE(QFile(env).size(), qint64(26)); // content untouched

        r = CtlRun::run(dir.path(), {QStringLiteral("fix-permissions")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("nothing changed")));
        QFile::remove(env);
        QVERIFY(CtlRun::run(dir.path(), {QStringLiteral("fix-permissions")}).code != 0); // no .env: nothing to fix
        QVERIFY(!QFile::exists(env));
    }
};

QTEST_GUILESS_MAIN(TestEnvHygiene)
#include "test_env_hygiene.moc"
