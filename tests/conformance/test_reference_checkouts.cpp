// Conformance with the real sandbox checkouts in ../shared/reference (older and current):
// their files read losslessly, they are recognised as checkouts, their example settings validate
// like `make validate` says, and the posture controls quote their SECURITY.md.
#include "../posture/PostureFixtures.h"
#include "core/checkout/Checkout.h"
#include "core/settings/EnvFile.h"
#include "core/settings/SettingsValidator.h"

#include "SandboxTestPaths.h"
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

class TestReferenceCheckouts : public QObject {
    Q_OBJECT
    static void addCheckoutRows()
    {
        QTest::addColumn<QString>("dir");
        QTest::newRow("sandbox") << QStringLiteral(SANDBOX_REFERENCE_DIR);
        QTest::newRow("sandbox-latest") << QStringLiteral(SANDBOX_REFERENCE_LATEST_DIR);
    }

private Q_SLOTS:
    void envExampleRoundTrips_data() { addCheckoutRows(); }
    void envExampleRoundTrips()
    {
        QFETCH(QString, dir);
        const QByteArray bytes = posturefixtures::readFile(dir + QStringLiteral("/env.example"));
        QVERIFY(bytes.size() > 1000);
        const EnvFile env = EnvFile::parse(bytes);
        QCOMPARE(env.serialize(), bytes);
        QVERIFY(env.duplicateKeys().isEmpty());
        QVERIFY(env.malformedLines().isEmpty());
        QCOMPARE(env.value(QStringLiteral("GIT_USERNAME"), QString()), QStringLiteral("Agent Coder"));
        QCOMPARE(env.value(QStringLiteral("OPERATION_MODE"), QString()), QStringLiteral("interactive"));
        QCOMPARE(env.value(QStringLiteral("NETWORK_EGRESS"), QString()), QStringLiteral("restricted"));
    }

    void looksLikeACheckout_data() { addCheckoutRows(); }
    void looksLikeACheckout()
    {
        QFETCH(QString, dir);
        QString why;
        QVERIFY2(Checkout(dir).looksValid(&why), qPrintable(why));
    }

    // The older reference holds no seccomp profile file (a real checkout has one): its example
    // then fails exactly on SECCOMP_PROFILE, as `make validate` does; with the file it is valid.
    void olderExampleValidatesLikeMakeValidate()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("config")));
        QVERIFY(QFile::copy(QStringLiteral(SANDBOX_REFERENCE_DIR "/config/port-allowlist.txt"), dir.filePath(QStringLiteral("config/port-allowlist.txt"))));
        const EnvFile env = EnvFile::parse(posturefixtures::readFile(QStringLiteral(SANDBOX_REFERENCE_DIR "/env.example")));
        Findings f = SettingsValidator(dir.path()).validate(env);
        QCOMPARE(f.size(), 1);
        QCOMPARE(f.first().key, QStringLiteral("SECCOMP_PROFILE"));
        QFile seccomp(dir.filePath(QStringLiteral("config/seccomp-workspace.json")));
        QVERIFY(seccomp.open(QIODevice::WriteOnly));
        seccomp.write("{}");
        seccomp.close();
        f = SettingsValidator(dir.path()).validate(env);
        QVERIFY2(f.isEmpty(), qPrintable(f.isEmpty() ? QString() : f.first().toString()));
    }

    // Each control quotes the SECURITY.md sentence it checks. The panel quotes the older
    // checkout's wording; the current one reworded the egress paragraph (the control itself is
    // unchanged: restricted means internal networks only), so that one quote is listed here.
    void policySentencesQuoteSecurityMd_data()
    {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QStringList>("reworded");
        QTest::newRow("sandbox") << QStringLiteral(SANDBOX_REFERENCE_DIR) << QStringList();
        QTest::newRow("sandbox-latest") << QStringLiteral(SANDBOX_REFERENCE_LATEST_DIR) << QStringList{QStringLiteral("egress")};
    }
    void policySentencesQuoteSecurityMd()
    {
        QFETCH(QString, dir);
        QFETCH(QStringList, reworded);
        const QString policy
            = QString::fromUtf8(posturefixtures::readFile(dir + QStringLiteral("/SECURITY.md"))).remove(QLatin1Char('`')).remove(QStringLiteral("**"));
        QStringList missing;
        for (const ControlResult& r : PostureAudit::evaluate(posturefixtures::hardenedInput())) {
            QString quote = r.policy;
            if (quote.startsWith(QLatin1String("Implied"))) // derived controls quote the sentence they follow from
                quote = quote.section(QLatin1Char('"'), 1, 1);
            if (!policy.contains(quote))
                missing << r.id;
        }
        QVERIFY2(missing == reworded, qPrintable(missing.join(QLatin1Char(','))));
    }
};

QTEST_GUILESS_MAIN(TestReferenceCheckouts)
#include "test_reference_checkouts.moc"
