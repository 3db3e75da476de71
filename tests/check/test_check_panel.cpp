// The panel's Check action through object names: progress to the last step, the failing step
// expanded with its file:line finding, the secret masked in every widget.
#include "CheckScratch.h"

#include "TestEngine.h"
#include "ui/overview/CheckPanel.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTest>
#include <QTreeWidget>

class TestCheckPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void checkShowsMaskedFinding()
    {
        QTemporaryDir dir;
        if (!CheckScratch::make(dir.path()))
            QSKIP("../shared/reference/sandbox-latest is missing");
        TestEngine::activate();
        const QByteArray secret = "github"
                                  "_pat_"
                                  + CheckScratch::token(30);
        QVERIFY(CheckScratch::write(dir.filePath(QStringLiteral("src/deploy.py")), "import os\n\nTOKEN = '" + secret + "'\n"));
        CheckPanel panel{Checkout(dir.path())};
        auto* button = panel.findChild<QPushButton*>(QStringLiteral("checkButton"));
        auto* progress = panel.findChild<QProgressBar*>(QStringLiteral("checkProgress"));
        auto* summary = panel.findChild<QLabel*>(QStringLiteral("checkSummary"));
        auto* results = panel.findChild<QTreeWidget*>(QStringLiteral("checkResults"));
        QVERIFY(button && progress && summary && results);
        QVERIFY(button->isEnabled());
        button->click();
        QVERIFY(!button->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(button->isEnabled(), 60000);
        QCOMPARE(progress->value(), progress->maximum());
        QVERIFY(progress->maximum() > 7);
        QVERIFY2(summary->text().contains(QStringLiteral("secret:committed-secret")), qPrintable(summary->text()));
        QTreeWidgetItem* failed = nullptr;
        for (int i = 0; i < results->topLevelItemCount(); ++i)
            if (results->topLevelItem(i)->text(0) == QLatin1String("FAIL"))
                failed = failed ? failed : results->topLevelItem(i);
        QVERIFY(failed);
        QCOMPARE(failed->text(1), QStringLiteral("secret:committed-secret"));
        QVERIFY(failed->isExpanded());
        QCOMPARE(failed->childCount(), 1);
        QCOMPARE(failed->child(0)->text(1), QStringLiteral("src/deploy.py:3"));
        QCOMPARE(failed->child(0)->text(2), QStringLiteral("TOKEN = '********'"));
        for (int i = 0; i < results->topLevelItemCount(); ++i)
            QVERIFY(!results->topLevelItem(i)->text(2).contains(QString::fromLatin1(secret)));
    }
};

QTEST_MAIN(TestCheckPanel)
#include "test_check_panel.moc"
