// The Allowlists object on a copy of the reference checkout: baseline, approved change (atomic
// write, audit line with correct hashes, reviewed state), changed-on-disk refusal, outside edits
// detected and recorded, rebuild/restart needed.
#include "core/allowlist/Allowlists.h"
#include "core/docker/EngineTime.h"

#include "SandboxTestPaths.h"
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}
QString sha(const QByteArray& b)
{
    return QString::fromLatin1(QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex());
}
QList<QJsonObject> auditLines(const QString& path)
{
    QList<QJsonObject> out;
    const QByteArray all = readFile(path);
    for (const QByteArray& line : all.split('\n'))
        if (!line.isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    return out;
}
} // namespace

class TestAllowlistApply : public QObject {
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path(const QString& rel) const { return m_dir->filePath(rel); }
    QString portFile() const { return path(QStringLiteral("config/port-allowlist.txt")); }
    QString aptFile() const { return path(QStringLiteral("config/apt-package-allowlist.txt")); }
    QString audit() const { return path(QStringLiteral("logs/allowlist-audit.jsonl")); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QDir(m_dir->path()).mkpath(QStringLiteral("config"));
        QDir(m_dir->path()).mkpath(QStringLiteral("logs"));
        for (const char* f : {"docker-compose.yml", "config/apt-package-allowlist.txt", "config/port-allowlist.txt"}) {
            const QString rel = QString::fromLatin1(f);
            writeFile(path(rel), readFile(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/") + rel));
        }
        writeFile(path(QStringLiteral(".env")), readFile(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/env.example")));
    }

    void firstLoadRecordsBaseline()
    {
        Allowlists a{Checkout(m_dir->path())};
        QVERIFY(a.load());
        QVERIFY(a.baselineRecorded());
        QVERIFY(!a.hasUnreviewed(AllowlistKind::Apt));
        QCOMPARE(a.stateLabels(AllowlistKind::Port), QStringList{"reviewed"});
        const QJsonObject state = QJsonDocument::fromJson(readFile(a.reviewedStatePath())).object();
        QCOMPARE(state.value("files").toObject().value("port").toObject().value("sha256").toString(), sha(readFile(portFile())));
        QVERIFY(!QFile::exists(audit())); // a baseline is not an approved change
        Allowlists again{Checkout(m_dir->path())};
        QVERIFY(again.load());
        QVERIFY(!again.baselineRecorded());
    }

    void loadingNeverCreatesFolders()
    {
        QDir(path(QStringLiteral("logs"))).removeRecursively();
        {
            Allowlists a{Checkout(m_dir->path())};
            QVERIFY(a.load());
            QVERIFY(a.baselineRecorded());
        }
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("logs"))));
        // The first approved change writes the audit line and the state of both lists.
        Allowlists a{Checkout(m_dir->path())};
        QVERIFY(a.load());
        QVERIFY(a.apply(a.proposeAdd(AllowlistKind::Port, {QStringLiteral("9000")}), {}).ok());
        const QJsonObject files = QJsonDocument::fromJson(readFile(a.reviewedStatePath())).object().value("files").toObject();
        QCOMPARE(files.value("apt").toObject().value("sha256").toString(), sha(readFile(aptFile())));
        QCOMPARE(files.value("port").toObject().value("sha256").toString(), sha(readFile(portFile())));
    }

    void approvedChangeWritesFileAuditAndState()
    {
        Allowlists a{Checkout(m_dir->path())};
        QVERIFY(a.load());
        const QByteArray before = readFile(portFile());
        const AllowlistReview r = a.proposeAdd(AllowlistKind::Port, {QStringLiteral("9000")});
        QVERIFY2(r.ok(), qPrintable(r.errors.join('\n')));
        QCOMPARE(readFile(portFile()), before); // proposing writes nothing
        const Allowlists::Result res = a.apply(r, QStringLiteral("web app for the demo"));
        QVERIFY2(res.ok(), qPrintable(res.message));
        const QByteArray after = readFile(portFile());
        QCOMPARE(after, QByteArray(before).replace("8888\n", "8888\n9000\n"));
        const QList<QJsonObject> lines = auditLines(audit());
        QCOMPARE(lines.size(), 1);
        const QJsonObject l = lines.first();
        QCOMPARE(l.keys(), QStringList({"added", "file", "reason", "removed", "sha256_after", "sha256_before", "timestamp", "user"}));
        QCOMPARE(l.value("file").toString(), QStringLiteral("config/port-allowlist.txt"));
        QCOMPARE(l.value("added").toVariant().toStringList(), QStringList{"9000"});
        QCOMPARE(l.value("removed").toVariant().toStringList(), QStringList());
        QCOMPARE(l.value("reason").toString(), QStringLiteral("web app for the demo"));
        QCOMPARE(l.value("sha256_before").toString(), sha(before));
        QCOMPARE(l.value("sha256_after").toString(), sha(after));
        QVERIFY(!l.value("user").toString().isEmpty());
        const QDateTime ts = QDateTime::fromString(l.value("timestamp").toString(), Qt::ISODate);
        QVERIFY(ts.isValid() && qAbs(ts.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QVERIFY(!a.hasUnreviewed(AllowlistKind::Port));
        QVERIFY(a.changedAt(AllowlistKind::Port).isValid());
        // A second change chains the hashes.
        const AllowlistReview r2 = a.proposeRemove(AllowlistKind::Port, {QStringLiteral("9000")});
        QVERIFY(a.apply(r2, {}).ok());
        QCOMPARE(readFile(portFile()), before);
        const QList<QJsonObject> two = auditLines(audit());
        QCOMPARE(two.size(), 2);
        QCOMPARE(two[1].value("sha256_before").toString(), sha(after));
        QCOMPARE(two[1].value("sha256_after").toString(), sha(before));
        QCOMPARE(two[1].value("removed").toVariant().toStringList(), QStringList{"9000"});
    }

    void refusedChangesWriteNothing()
    {
        Allowlists a{Checkout(m_dir->path())};
        QVERIFY(a.load());
        const QByteArray before = readFile(aptFile());
        for (const QString& hostile : {QStringLiteral("vim\nnetcat"), QStringLiteral("curl;rm -rf /"), QStringLiteral("$(id)")}) {
            const AllowlistReview r = a.proposeAdd(AllowlistKind::Apt, {hostile});
            QVERIFY(!r.ok());
            QVERIFY(r.notes.isEmpty()); // hostile input never reaches the notes
            QCOMPARE(a.apply(r, {}).status, Allowlists::Status::Refused);
        }
        QCOMPARE(readFile(aptFile()), before);
        QVERIFY(!QFile::exists(audit()));
    }

    void changedOnDiskRefused()
    {
        Allowlists a{Checkout(m_dir->path())};
        QVERIFY(a.load());
        const AllowlistReview r = a.proposeAdd(AllowlistKind::Apt, {QStringLiteral("cowsay")});
        QVERIFY(r.ok());
        const QByteArray edited = readFile(aptFile()) + "zsh\n";
        writeFile(aptFile(), edited);
        const Allowlists::Result res = a.apply(r, {});
        QCOMPARE(res.status, Allowlists::Status::ChangedOnDisk);
        QVERIFY(res.message.contains(QLatin1String("changed on disk")));
        QCOMPARE(readFile(aptFile()), edited);
        QVERIFY(!QFile::exists(audit()));
    }

    void outsideEditDetectedAndReviewed()
    {
        {
            Allowlists a{Checkout(m_dir->path())};
            QVERIFY(a.load());
        }
        const QByteArray reviewed = readFile(aptFile());
        // Someone edits the file in an editor: adds socat, removes vim.
        QByteArray edited = reviewed;
        edited.replace("sqlite3\n", "socat\nsqlite3\n").replace("vim\n", "");
        writeFile(aptFile(), edited);
        Allowlists a{Checkout(m_dir->path())};
        QVERIFY(a.load());
        QVERIFY(a.hasUnreviewed(AllowlistKind::Apt));
        QVERIFY(a.stateLabels(AllowlistKind::Apt).contains("unreviewed changes"));
        const AllowlistReview r = a.outsideChanges(AllowlistKind::Apt);
        QVERIFY(r.outside);
        QCOMPARE(r.change.added, QStringList{"socat"});
        QCOMPARE(r.change.removed, QStringList{"vim"});
        QCOMPARE(r.highRisk, QStringList{"socat"});
        // A panel edit is refused until the outside change is reviewed.
        const AllowlistReview blocked = a.proposeAdd(AllowlistKind::Apt, {QStringLiteral("cowsay")});
        QVERIFY(blocked.errors.join(' ').contains(QLatin1String("changed outside the panel")));
        QVERIFY(a.recordReviewed(r, QStringLiteral("git pull reviewed")).ok());
        QVERIFY(!a.hasUnreviewed(AllowlistKind::Apt));
        QCOMPARE(readFile(aptFile()), edited); // reviewing never rewrites the file
        const QList<QJsonObject> lines = auditLines(audit());
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines[0].value("sha256_before").toString(), sha(reviewed));
        QCOMPARE(lines[0].value("sha256_after").toString(), sha(edited));
        QCOMPARE(lines[0].value("added").toVariant().toStringList(), QStringList{"socat"});
        QCOMPARE(lines[0].value("reason").toString(), QStringLiteral("git pull reviewed"));
        Allowlists later{Checkout(m_dir->path())};
        QVERIFY(later.load());
        QVERIFY(!later.hasUnreviewed(AllowlistKind::Apt));
        QVERIFY(later.changedAt(AllowlistKind::Apt).isValid());
    }

    void watcherSeesOutsideEdit()
    {
        Allowlists a{Checkout(m_dir->path())};
        QVERIFY(a.load());
        a.setWatching(true);
        QSignalSpy spy(&a, &Allowlists::changed);
        QFile::remove(portFile()); // editors replace files
        writeFile(portFile(), readFile(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/config/port-allowlist.txt")) + "9999\n");
        QTRY_VERIFY_WITH_TIMEOUT(a.hasUnreviewed(AllowlistKind::Port), 5000);
        QVERIFY(spy.count() > 0);
        QCOMPARE(a.outsideChanges(AllowlistKind::Port).change.added, QStringList{"9999"});
    }

    void tornAuditTailIsClosed()
    {
        QDir(m_dir->path()).mkpath(QStringLiteral("logs"));
        writeFile(audit(), "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"user\":\"x\"}\n{\"timest");
        Allowlists a{Checkout(m_dir->path())};
        QVERIFY(a.load());
        QVERIFY(a.apply(a.proposeAdd(AllowlistKind::Port, {QStringLiteral("9001")}), {}).ok());
        const QList<QByteArray> lines = readFile(audit()).split('\n');
        QCOMPARE(lines.size(), 4); // old line, torn line closed, new line, final empty
        QVERIFY(QJsonDocument::fromJson(lines[2]).isObject());
        QCOMPARE(AuditLog(audit()).read().size(), 2);
    }

    void pendingState()
    {
        const QDateTime t0 = QDateTime::fromString(QStringLiteral("2026-11-26T10:00:00Z"), Qt::ISODate);
        const QDateTime later = t0.addSecs(60), earlier = t0.addSecs(-60);
        QVERIFY(PendingState::compute(t0, {}, earlier, {}).rebuildNeeded);
        QVERIFY(!PendingState::compute(t0, {}, later, {}).rebuildNeeded);
        QVERIFY(!PendingState::compute(t0, {}, {}, {}).rebuildNeeded); // no image yet
        QVERIFY(PendingState::compute({}, t0, later, earlier).restartNeeded);
        QVERIFY(!PendingState::compute({}, t0, earlier, later).restartNeeded);
        QVERIFY(!PendingState::compute({}, {}, earlier, earlier).restartNeeded);
        // The builder's cache may hand back an older image that already holds the list: a new
        // image ID since the approval counts as rebuilt.
        QVERIFY(PendingState::compute(t0, {}, earlier, {}, QStringLiteral("sha256:a"), QStringLiteral("sha256:a")).rebuildNeeded);
        QVERIFY(!PendingState::compute(t0, {}, earlier, {}, QStringLiteral("sha256:b"), QStringLiteral("sha256:a")).rebuildNeeded);
        QVERIFY(PendingState::compute(t0, {}, earlier, {}, QStringLiteral("sha256:b"), {}).rebuildNeeded);
        // One precision: a container inspected as created in the change's millisecond (or later
        // in its second) is not older than the change; one created a millisecond before is.
        const QDateTime change = t0.addMSecs(280);
        QVERIFY(!PendingState::compute({}, change, {}, EngineTime::parse(QStringLiteral("2026-11-26T10:00:00.280999999Z"))).restartNeeded);
        QVERIFY(!PendingState::compute({}, change, {}, EngineTime::parse(QStringLiteral("2026-11-26T10:00:00.9Z"))).restartNeeded);
        QVERIFY(PendingState::compute({}, change, {}, EngineTime::parse(QStringLiteral("2026-11-26T10:00:00.279999999Z"))).restartNeeded);
        QVERIFY(PendingState::compute(change, {}, EngineTime::parse(QStringLiteral("2026-11-26T10:00:00.279Z")), {}).rebuildNeeded);

        Allowlists a{Checkout(m_dir->path())};
        QVERIFY(a.load());
        QVERIFY(a.apply(a.proposeAdd(AllowlistKind::Apt, {QStringLiteral("cowsay")}), {}).ok());
        a.setWorkspaceTimes({QDateTime::currentDateTimeUtc().addSecs(-3600), QDateTime::currentDateTimeUtc().addSecs(-3600), {}, {}});
        QVERIFY(a.stateLabels(AllowlistKind::Apt).contains("rebuild needed"));
        QCOMPARE(a.stateLabels(AllowlistKind::Port), QStringList{"reviewed"});
        a.setWorkspaceTimes({QDateTime::currentDateTimeUtc().addSecs(5), QDateTime::currentDateTimeUtc().addSecs(5), {}, {}});
        QCOMPARE(a.stateLabels(AllowlistKind::Apt), QStringList{"reviewed"});
    }

    void invalidFileNeverRewritten()
    {
        writeFile(portFile(), "# ports\r\n3000\r\n");
        Allowlists a{Checkout(m_dir->path())};
        QVERIFY(a.load());
        QVERIFY(a.stateLabels(AllowlistKind::Port).contains("invalid"));
        const AllowlistReview r = a.proposeAdd(AllowlistKind::Port, {QStringLiteral("9000")});
        QVERIFY(!r.ok());
        QCOMPARE(a.apply(r, {}).status, Allowlists::Status::Refused);
        QCOMPARE(readFile(portFile()), QByteArray("# ports\r\n3000\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestAllowlistApply)
#include "test_allowlist_apply.moc"
