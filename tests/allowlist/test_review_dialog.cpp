// GUI tests of the review dialog and the Allowlists tab, through object names: Approve disabled
// before ticking, approve after ticking, Cancel, Escape, Enter = Cancel, typed confirmation for a
// high-risk entry, outside changes reviewed; nothing written unless approved.
#include "core/allowlist/Allowlists.h"
#include "core/sandbox/Sandbox.h"
#include "ui/allowlist/AllowlistPanel.h"
#include "ui/allowlist/AllowlistsTab.h"
#include "ui/allowlist/ReviewDialog.h"
#include "ui/overview/OverviewTab.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include "SandboxTestPaths.h"
#include <functional>

namespace {
QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(bytes);
}
template<typename T> T* child(QWidget* parent, const QString& name)
{
    T* w = parent->findChild<T*>(name);
    if (!w)
        qWarning("no widget %s", qPrintable(name));
    return w;
}
/// Runs \a answer on the review dialog as soon as it is the active modal widget (keepassxc style:
/// the modal loop is answered from a timer in the same thread).
void whenDialogOpens(std::function<void(ReviewDialog*)> answer, bool* ran)
{
    auto* timer = new QTimer(qApp);
    timer->setInterval(5);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, answer, ran] {
        auto* dialog = qobject_cast<ReviewDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        timer->stop();
        timer->deleteLater();
        *ran = true;
        answer(dialog);
        // A failed check inside answer() returns early: close the dialog so the test ends.
        QTimer::singleShot(0, dialog, [dialog] {
            if (dialog->isVisible())
                dialog->reject();
        });
    });
    timer->start();
}
} // namespace

class TestReviewDialog : public QObject {
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<AllowlistsTab> m_tab;
    QString path(const QString& rel) const { return m_dir->filePath(rel); }
    QString ports() const { return path(QStringLiteral("config/port-allowlist.txt")); }
    QString apt() const { return path(QStringLiteral("config/apt-package-allowlist.txt")); }
    QString audit() const { return path(QStringLiteral("logs/allowlist-audit.jsonl")); }

    /// Types \a entry into the \a kind field, clicks Add and lets \a answer handle the dialog.
    void addThroughTab(const QString& kind, const QString& entry, std::function<void(ReviewDialog*)> answer)
    {
        bool ran = false;
        whenDialogOpens(answer, &ran);
        child<QLineEdit>(m_tab.get(), kind + QStringLiteral("NewEntry"))->setText(entry);
        QPushButton* add = child<QPushButton>(m_tab.get(), kind + QStringLiteral("AddButton"));
        QVERIFY(add && add->isEnabled());
        add->click(); // returns when the modal dialog closes
        QVERIFY(ran);
    }

private Q_SLOTS:
    void init()
    {
        ReviewDialog::setNextAnswer(std::nullopt);
        m_dir = std::make_unique<QTemporaryDir>();
        QDir(m_dir->path()).mkpath(QStringLiteral("config"));
        QDir(m_dir->path()).mkpath(QStringLiteral("logs")); // a checkout keeps logs/: the first load saves the baseline
        for (const char* f : {"docker-compose.yml", "config/apt-package-allowlist.txt", "config/port-allowlist.txt"})
            writeFile(path(QString::fromLatin1(f)), readFile(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/") + QString::fromLatin1(f)));
        writeFile(path(QStringLiteral(".env")), readFile(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/env.example")));
        m_sandbox = std::make_unique<Sandbox>(Checkout(m_dir->path()));
        m_sandbox->start({.followEngine = false}); // loads and watches the files
        m_tab = std::make_unique<AllowlistsTab>(*m_sandbox);
        m_tab->resize(900, 600);
        m_tab->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_tab.get()));
    }
    void cleanup()
    {
        m_tab.reset();
        m_sandbox.reset();
        m_dir.reset();
    }

    void approveDisabledUntilTicked()
    {
        const AllowlistReview review = m_sandbox->allowlists().proposeAdd(AllowlistKind::Port, {QStringLiteral("9000")});
        ReviewDialog dialog(review);
        dialog.show();
        auto* approve = child<QPushButton>(&dialog, QStringLiteral("approveButton"));
        auto* cancel = child<QPushButton>(&dialog, QStringLiteral("cancelButton"));
        auto* check = child<QCheckBox>(&dialog, QStringLiteral("reviewedCheck"));
        QVERIFY(approve && cancel && check);
        QVERIFY(!approve->isEnabled());
        QVERIFY(cancel->isDefault());
        QVERIFY(!approve->isDefault());
        check->setChecked(true);
        QVERIFY(approve->isEnabled());
        check->setChecked(false);
        QVERIFY(!approve->isEnabled());
        // The diff reads without colour, the notes name the entry.
        auto* diff = child<QListWidget>(&dialog, QStringLiteral("reviewDiff"));
        QCOMPARE(diff->item(0)->text(), QStringLiteral("+ 9000"));
        auto* notes = child<QTreeWidget>(&dialog, QStringLiteral("reviewNotes"));
        QCOMPARE(notes->topLevelItemCount(), 2);
        QCOMPARE(notes->topLevelItem(0)->text(0), QStringLiteral("+9000"));
        QCOMPARE(notes->topLevelItem(0)->text(1), QStringLiteral("WARNING"));
        QVERIFY(child<QLabel>(&dialog, QStringLiteral("reviewNextSteps"))->text().contains(QLatin1String("Restart")));
    }

    void approveAfterTickingWrites()
    {
        const QByteArray before = readFile(ports());
        addThroughTab(QStringLiteral("port"), QStringLiteral("9000"), [](ReviewDialog* d) {
            auto* approve = d->findChild<QPushButton*>(QStringLiteral("approveButton"));
            QVERIFY(!approve->isEnabled());
            approve->click(); // disabled: ignored
            QVERIFY(d->isVisible());
            QTest::keyClick(d->findChild<QCheckBox*>(QStringLiteral("reviewedCheck")), Qt::Key_Space);
            d->findChild<QLineEdit*>(QStringLiteral("reviewReason"))->setText(QStringLiteral("gui test"));
            QVERIFY(approve->isEnabled());
            QTest::mouseClick(approve, Qt::LeftButton);
        });
        QCOMPARE(readFile(ports()), QByteArray(before).replace("8888\n", "8888\n9000\n"));
        QVERIFY(readFile(audit()).contains("\"reason\":\"gui test\""));
        QTRY_VERIFY(!child<QListWidget>(m_tab.get(), QStringLiteral("portList"))->findItems(QStringLiteral("9000"), Qt::MatchExactly).isEmpty());
    }

    void cancelWritesNothing_data()
    {
        QTest::addColumn<int>("how");
        QTest::newRow("cancel button") << 0;
        QTest::newRow("escape") << 1;
        QTest::newRow("enter is cancel") << 2;
    }
    void cancelWritesNothing()
    {
        QFETCH(int, how);
        const QByteArray before = readFile(ports());
        addThroughTab(QStringLiteral("port"), QStringLiteral("9000"), [how](ReviewDialog* d) {
            d->findChild<QCheckBox*>(QStringLiteral("reviewedCheck"))->setChecked(true); // even when ticked
            if (how == 0)
                QTest::mouseClick(d->findChild<QPushButton*>(QStringLiteral("cancelButton")), Qt::LeftButton);
            else
                QTest::keyClick(d, how == 1 ? Qt::Key_Escape : Qt::Key_Return);
        });
        QCOMPARE(readFile(ports()), before);
        QVERIFY(!QFile::exists(audit()));
        QCOMPARE(child<QLabel>(m_tab.get(), QStringLiteral("portError"))->text(), QStringLiteral("Cancelled; nothing was written."));
    }

    void highRiskNeedsTypedName()
    {
        const QByteArray before = readFile(apt());
        addThroughTab(QStringLiteral("apt"), QStringLiteral("nmap"), [](ReviewDialog* d) {
            auto* approve = d->findChild<QPushButton*>(QStringLiteral("approveButton"));
            auto* typed = d->findChild<QLineEdit*>(QStringLiteral("confirmEntry_nmap"));
            QVERIFY(typed);
            d->findChild<QCheckBox*>(QStringLiteral("reviewedCheck"))->setChecked(true);
            QVERIFY(!approve->isEnabled()); // ticked, but the name is not typed
            QTest::keyClicks(typed, QStringLiteral("nma"));
            QVERIFY(!approve->isEnabled());
            QTest::keyClicks(typed, QStringLiteral("p"));
            QVERIFY(approve->isEnabled());
            QTest::mouseClick(approve, Qt::LeftButton);
        });
        QVERIFY(readFile(apt()) != before);
        QVERIFY(readFile(apt()).contains("netcat-openbsd\nnmap\nopenssh-client\n"));
    }

    void hostileEntryShowsErrorWithoutDialog()
    {
        const QByteArray before = readFile(apt());
        child<QLineEdit>(m_tab.get(), QStringLiteral("aptNewEntry"))->setText(QStringLiteral("$(id)"));
        ReviewDialog::setNextAnswer(true); // would approve if a dialog were asked
        child<QPushButton>(m_tab.get(), QStringLiteral("aptAddButton"))->click();
        QVERIFY(child<QLabel>(m_tab.get(), QStringLiteral("aptError"))->text().contains(QLatin1String("'$(id)' refused")));
        QCOMPARE(readFile(apt()), before);
        ReviewDialog::setNextAnswer(std::nullopt);
    }

    void outsideChangeReviewed()
    {
        auto* reviewButton = child<QPushButton>(m_tab.get(), QStringLiteral("portReviewOutsideButton"));
        QVERIFY(!reviewButton->isEnabled());
        writeFile(ports(), readFile(ports()) + "60000\n");
        m_sandbox->allowlists().reload();
        QTRY_VERIFY(reviewButton->isEnabled());
        QVERIFY(child<QLabel>(m_tab.get(), QStringLiteral("portState"))->text().contains(QLatin1String("unreviewed changes")));
        QVERIFY(child<QLabel>(m_tab.get(), QStringLiteral("allowlistsSummary"))->text().contains(QLatin1String("port allowlist: unreviewed changes")));
        bool ran = false;
        whenDialogOpens(
            [](ReviewDialog* d) {
                QCOMPARE(d->findChild<QListWidget*>(QStringLiteral("reviewDiff"))->item(0)->text(), QStringLiteral("+ 60000"));
                d->findChild<QCheckBox*>(QStringLiteral("reviewedCheck"))->setChecked(true);
                QTest::mouseClick(d->findChild<QPushButton*>(QStringLiteral("approveButton")), Qt::LeftButton);
            },
            &ran);
        reviewButton->click();
        QVERIFY(ran);
        QVERIFY(!m_sandbox->allowlists().hasUnreviewed(AllowlistKind::Port));
        QCOMPARE(child<QLabel>(m_tab.get(), QStringLiteral("portState"))->text(), QStringLiteral("State: reviewed"));
        QVERIFY(readFile(audit()).contains("\"added\":[\"60000\"]"));
    }

    void overviewShowsUnreviewedAndRebuildNeeded()
    {
        OverviewTab overview(*m_sandbox);
        auto* label = child<QLabel>(&overview, QStringLiteral("overviewAllowlistState"));
        QVERIFY(label);
        QVERIFY(label->text().isEmpty());
        writeFile(apt(), readFile(apt()) + "zsh\n");
        m_sandbox->allowlists().reload();
        QCOMPARE(label->text(), QStringLiteral("apt allowlist: unreviewed changes"));
        Allowlists& lists = m_sandbox->allowlists();
        QVERIFY(lists.recordReviewed(lists.outsideChanges(AllowlistKind::Apt), {}).ok());
        QVERIFY(label->text().isEmpty());
        // The image predates the approved change: rebuild needed until a newer image exists.
        const QDateTime old = QDateTime::currentDateTimeUtc().addSecs(-600);
        lists.setWorkspaceTimes({old, old, {}, {}});
        QVERIFY2(label->text().startsWith(
                     QStringLiteral("rebuild needed: the apt allowlist changed after the workspace image was built; rebuild the workspace image (Build)")),
                 qPrintable(label->text()));
        QVERIFY(child<QLabel>(m_tab.get(), QStringLiteral("aptState"))->text().contains(QLatin1String("rebuild needed")));
        const QDateTime fresh = QDateTime::currentDateTimeUtc().addSecs(5);
        lists.setWorkspaceTimes({fresh, fresh, {}, {}});
        QVERIFY(label->text().isEmpty());
    }

    void screenshot()
    {
        ChangeSet c{AllowlistKind::Apt, {QStringLiteral("nmap"), QStringLiteral("cowsay")}, {QStringLiteral("vim")}};
        const AllowlistReview review = m_sandbox->allowlists().propose(c);
        QVERIFY(review.ok());
        ReviewDialog dialog(review);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(QStringLiteral("/tmp/review-dialog.png")));
        const AllowlistReview portReview = m_sandbox->allowlists().proposeAdd(AllowlistKind::Port, {QStringLiteral("9000"), QStringLiteral("2375")});
        ReviewDialog portDialog(portReview);
        portDialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&portDialog));
        QVERIFY(portDialog.grab().save(QStringLiteral("/tmp/review-dialog-ports.png")));
    }
};

QTEST_MAIN(TestReviewDialog)
#include "test_review_dialog.moc"
