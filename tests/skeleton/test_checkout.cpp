#include "core/appconfig/AppConfig.h"
#include "core/checkout/Checkout.h"
#include "core/logging/Redaction.h"

#include "SandboxTestPaths.h"
#include <QTemporaryDir>
#include <QtTest>

class TestCheckout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void projectNameIsNormalisedLikeCompose()
    {
        QCOMPARE(Checkout::normaliseProjectName(QStringLiteral("XL-Sandboxed.OpenCode v2")), QStringLiteral("xl-sandboxedopencodev2"));
        QCOMPARE(Checkout::normaliseProjectName(QStringLiteral("my_sandbox")), QStringLiteral("my_sandbox"));
    }

    void projectNameComesFromEnvFileFirst()
    {
        QTemporaryDir dir;
        QFile env(dir.filePath(QStringLiteral(".env")));
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write("# comment\nCOMPOSE_PROJECT_NAME=First\nCOMPOSE_PROJECT_NAME=\"Second_One\"\n");
        env.close();
        QCOMPARE(Checkout(dir.path()).composeProjectName(), QStringLiteral("second_one"));
    }

    void fixtureCheckoutIsValidAndAFileIsNot()
    {
        QString why;
        QVERIFY2(Checkout(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT)).looksValid(&why), qPrintable(why));
        QTemporaryDir empty;
        QVERIFY(!Checkout(empty.path()).looksValid(&why));
        QVERIFY(why.contains(QLatin1String("not a sandbox checkout")));
        QVERIFY(!Checkout(empty.filePath(QStringLiteral("missing"))).looksValid(&why));
    }

    void appConfigOverlaysOnlyGivenKeys()
    {
        AppConfig base;
        QString error;
        const AppConfig c = AppConfig::fromYaml("charts:\n  window_seconds: 300\nui:\n  close_to_tray: false\n", base, &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(c.chartWindowSeconds, 300);
        QCOMPARE(c.closeToTray, false);
        QCOMPARE(c.reconnectMaxMs, base.reconnectMaxMs);
    }

    void appConfigRejectsBrokenYamlAndKeepsBase()
    {
        AppConfig base;
        base.chartWindowSeconds = 120;
        QString error;
        const AppConfig c = AppConfig::fromYaml("charts: [unclosed\n", base, &error);
        QVERIFY(!error.isEmpty());
        QCOMPARE(c.chartWindowSeconds, 120);
        AppConfig::fromYaml("charts:\n  window_seconds: 5\n", base, &error);
        QVERIFY(error.contains(QLatin1String("out of range")));
    }

    void shippedDefaultsParse()
    {
        const QString file = AppConfig::defaultsFile();
        QVERIFY(!file.isEmpty());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QString error;
        AppConfig::fromYaml(f.readAll(), AppConfig(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void redactionMasksSecrets()
    {
        QVERIFY(Redaction::isSecretKey(QStringLiteral("GITHUB_TOKEN")));
        QVERIFY(Redaction::isSecretKey(QStringLiteral("LM_STUDIO_API_KEY")));
        QVERIFY(Redaction::isSecretKey(QStringLiteral("db_password")));
        QVERIFY(!Redaction::isSecretKey(QStringLiteral("OPENCODE_PORT")));
        QCOMPARE(Redaction::mask(QString()), QString());
        const QString line = Redaction::redact(QStringLiteral("env GH_TOKEN=abc123 PORT=3000 ghp_abcdefghijklmnopqrstuvwxyz0123"));
        QVERIFY(!line.contains(QLatin1String("abc123")));
        QVERIFY(!line.contains(QLatin1String("ghp_")));
        QVERIFY(line.contains(QLatin1String("PORT=3000")));
        // The punctuation after a masked value stays; a comma inside the value is masked with it.
        QCOMPARE(Redaction::redact(QStringLiteral("token=abc123, user=x; api_key=k1;")), QStringLiteral("token=********, user=x; api_key=********;"));
        QCOMPARE(Redaction::redact(QStringLiteral("password=a,b,c end")), QStringLiteral("password=******** end"));
        Redaction::registerSecretValue(QStringLiteral("s3cr3t-value"));
        QVERIFY(!Redaction::redact(QStringLiteral("x s3cr3t-value y")).contains(QLatin1String("s3cr3t")));
    }
};

QTEST_GUILESS_MAIN(TestCheckout)
#include "test_checkout.moc"
