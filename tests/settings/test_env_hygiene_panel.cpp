// The "Fix permissions" button of the settings dialog, through object names: shown while .env
// is readable by others, one click sets mode 600 and hides it; the classic-token warning shows
// without the token.
#include "core/settings/EnvPermissions.h"
#include "core/settings/Settings.h"
#include "ui/settings/AllSettingsDialog.h"

#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

class TestEnvHygienePanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixPermissionsButton()
    {
        QTemporaryDir dir;
        const QString env = dir.filePath(QStringLiteral(".env"));
        const QString token = QStringLiteral("gh") + QStringLiteral("p_") + QString(36, QLatin1Char('Q'));
        {
            QFile f(env);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("GITHUB_TOKEN=" + token.toUtf8() + "\n");
        }
        QVERIFY(QFile::setPermissions(env, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        Settings settings(env, dir.path());
        QVERIFY(settings.load());
        AllSettingsDialog dialog(settings);
        auto* button = dialog.findChild<QPushButton*>(QStringLiteral("fixPermissionsButton"));
        QVERIFY(button);
        QVERIFY(!button->isHidden());
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("fileFindings"))->text().contains(QStringLiteral("permissions should be")));
        QStringList texts;
        for (QLabel* l : dialog.findChildren<QLabel*>())
            texts << l->text();
        QVERIFY(texts.join(u'\n').contains(QStringLiteral("fine-grained token")));
        QVERIFY(!texts.join(u'\n').contains(token));
        for (QLineEdit* e : dialog.findChildren<QLineEdit*>())
            QVERIFY(e->text() != token || e->echoMode() != QLineEdit::Normal);

        button->click();
        QVERIFY(!EnvPermissions::tooOpen(env));
        QVERIFY(button->isHidden());
        QVERIFY(!dialog.findChild<QLabel*>(QStringLiteral("fileFindings"))->text().contains(QStringLiteral("permissions should be")));
    }
};

QTEST_MAIN(TestEnvHygienePanel)
#include "test_env_hygiene_panel.moc"
