#include "allowlist/Allowlists.h"

#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QPointer>
#include <QSaveFile>

#include <spdlog/spdlog.h>

namespace {
constexpr qint64 kMaxFileBytes = 1024 * 1024;
const AllowlistKind kKinds[] = {AllowlistKind::Apt, AllowlistKind::Port};
} // namespace

Allowlists::Allowlists(const Checkout& checkout, QObject* parent)
    : QObject(parent)
    , m_checkout(checkout)
    , m_reviewed(checkout.path(QStringLiteral("logs/allowlist-reviewed.json")))
{
}

Allowlists::~Allowlists() = default;

QString Allowlists::filePath(AllowlistKind kind) const
{
    return m_checkout.path(AllowlistKinds::relativePath(kind));
}

const AllowlistFile& Allowlists::file(AllowlistKind kind) const
{
    return m_state[int(kind)].file;
}

bool Allowlists::readFile(AllowlistKind kind, KindState* out) const
{
    *out = KindState{};
    out->file = AllowlistFile::parse(kind, {});
    QFile f(filePath(kind));
    out->existed = f.exists();
    if (!out->existed)
        return true;
    if (!f.open(QIODevice::ReadOnly)) {
        out->readError = QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString());
        return false;
    }
    if (f.size() > kMaxFileBytes) {
        out->readError = QStringLiteral("%1 is %2 bytes; refusing to treat it as an allowlist").arg(f.fileName()).arg(f.size());
        return false;
    }
    out->bytes = f.readAll();
    out->file = AllowlistFile::parse(kind, out->bytes);
    return true;
}

bool Allowlists::load(QString* error)
{
    QStringList errors;
    for (const AllowlistKind kind : kKinds)
        if (!readFile(kind, &m_state[int(kind)]))
            errors.append(m_state[int(kind)].readError);
    QString stateError;
    if (!m_reviewed.load(&stateError))
        errors.append(stateError);
    m_baselineRecorded = false;
    bool needSave = false;
    for (const AllowlistKind kind : kKinds) {
        if (m_reviewed.has(kind) || !m_state[int(kind)].readError.isEmpty())
            continue;
        // No reviewed state: what is on disk now is the baseline (see the report / README).
        const KindState& s = m_state[int(kind)];
        m_reviewed.setFile(kind, {AuditLog::sha256(s.bytes), s.file.entries(), QDateTime::currentDateTimeUtc(), {}, {}});
        needSave = true;
    }
    if (needSave) {
        m_baselineRecorded = true;
        // Looking at a checkout never creates folders in it: the baseline is written now only
        // when logs/ exists, else with the first approved change (which creates logs/).
        QString saveError;
        if (QFileInfo(m_checkout.logsDir()).isDir() && !m_reviewed.save(&saveError))
            spdlog::warn("allowlists: baseline not saved: {}", saveError.toStdString());
    }
    if (error)
        *error = errors.join(QLatin1Char('\n'));
    Q_EMIT changed();
    return errors.isEmpty();
}

void Allowlists::reload()
{
    for (const AllowlistKind kind : kKinds)
        readFile(kind, &m_state[int(kind)]);
    // Another process (the CLI) may have recorded a review; a baseline not written yet stays.
    ReviewedState onDisk(m_reviewed.path());
    if (onDisk.load() && onDisk.exists())
        m_reviewed = onDisk;
    Q_EMIT changed();
}

AllowlistReview Allowlists::propose(const ChangeSet& change) const
{
    AllowlistReview r;
    r.change = change;
    EntryRules::sortEntries(change.kind, &r.change.added);
    EntryRules::sortEntries(change.kind, &r.change.removed);
    const KindState& s = m_state[int(change.kind)];
    r.sha256Before = AuditLog::sha256(s.bytes);
    if (!s.readError.isEmpty())
        r.errors.append(s.readError);
    r.errors += s.file.check(change);
    if (hasUnreviewed(change.kind))
        r.errors.append(QStringLiteral("%1 changed outside the panel; review those changes first")
                            .arg(AllowlistKinds::relativePath(change.kind)));
    const RiskContext ctx = RiskContext::load(m_checkout.root());
    // Risk notes only for entries that passed the rules: never echo hostile input into notes.
    ChangeSet valid = r.change;
    valid.added.removeIf([&](const QString& e) { return !EntryRules::newEntryError(change.kind, e).isEmpty(); });
    r.notes = RiskAssessor::assess(valid, ctx);
    r.highRisk = RiskAssessor::highRiskEntries(r.notes);
    r.nextSteps = RiskAssessor::nextSteps(valid, ctx);
    return r;
}

AllowlistReview Allowlists::proposeAdd(AllowlistKind kind, const QStringList& entries) const
{
    ChangeSet c;
    c.kind = kind;
    c.added = entries;
    AllowlistReview r = propose(c);
    r.change.added = entries; // keep what was asked (duplicates included) for the error text
    EntryRules::sortEntries(kind, &r.change.added);
    return r;
}

AllowlistReview Allowlists::proposeRemove(AllowlistKind kind, const QStringList& entries) const
{
    ChangeSet c;
    c.kind = kind;
    c.removed = entries;
    return propose(c);
}

Allowlists::Result Allowlists::writeChecked(AllowlistKind kind, const QByteArray& bytes)
{
    KindState& s = m_state[int(kind)];
    const QString path = filePath(kind);
    QFile disk(path);
    const bool exists = disk.exists();
    QByteArray now;
    if (exists) {
        if (!disk.open(QIODevice::ReadOnly))
            return {Status::IoError, QStringLiteral("cannot read %1: %2").arg(path, disk.errorString())};
        now = disk.read(kMaxFileBytes + 1);
        disk.close();
    }
    if (exists != s.existed || now != s.bytes)
        return {Status::ChangedOnDisk,
                QStringLiteral("%1 changed on disk since it was read; nothing written. Review the outside change first").arg(path)};
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return {Status::IoError, QStringLiteral("cannot write %1: %2").arg(path, out.errorString())};
    if (exists)
        out.setPermissions(QFile::permissions(path));
    if (out.write(bytes) != bytes.size()) {
        out.cancelWriting();
        return {Status::IoError, QStringLiteral("cannot write %1: %2").arg(path, out.errorString())};
    }
    if (!out.commit())
        return {Status::IoError, QStringLiteral("cannot write %1: %2").arg(path, out.errorString())};
    s.bytes = bytes;
    s.existed = true;
    s.file = AllowlistFile::parse(kind, bytes);
    return {};
}

Allowlists::Result Allowlists::record(AllowlistKind kind, const ChangeSet& change, const QString& reason,
                                      const QString& shaBefore, const QString& shaAfter, const QStringList& entriesAfter)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    AuditEntry entry{now, AuditLog::currentUser(), AllowlistKinds::relativePath(kind), change.added, change.removed,
                     reason, shaBefore, shaAfter};
    QString error;
    Result result;
    if (!AuditLog(auditPath()).append(entry, &error))
        result = {Status::IoError, QStringLiteral("the change is written but the audit line is not: %1").arg(error)};
    ReviewedState::File f = m_reviewed.file(kind);
    f.sha256 = shaAfter;
    f.entries = entriesAfter;
    f.reviewedAt = now;
    if (!change.isEmpty()) {
        f.changedAt = now;
        f.imageAtChange = m_times.imageId;
    }
    m_reviewed.setFile(kind, f);
    if (!m_reviewed.save(&error) && result.ok())
        result = {Status::IoError, QStringLiteral("the change is written but the reviewed state is not: %1").arg(error)};
    Q_EMIT changeRecorded(entry);
    Q_EMIT changed();
    return result;
}

Allowlists::Result Allowlists::apply(const AllowlistReview& review, const QString& reason)
{
    const AllowlistKind kind = review.change.kind;
    KindState& s = m_state[int(kind)];
    if (review.outside)
        return {Status::Refused, QStringLiteral("outside changes are recorded with recordReviewed(), not applied")};
    if (review.sha256Before != AuditLog::sha256(s.bytes))
        return {Status::ChangedOnDisk, QStringLiteral("%1 changed since the review was made; review again").arg(filePath(kind))};
    const AllowlistReview fresh = propose(review.change);
    if (!fresh.ok())
        return {Status::Refused, fresh.errors.join(QLatin1Char('\n'))};
    AllowlistFile next = s.file;
    QStringList errors;
    if (!next.apply(fresh.change, &errors))
        return {Status::Refused, errors.join(QLatin1Char('\n'))};
    const QString before = AuditLog::sha256(s.bytes);
    const QByteArray bytes = next.serialize();
    const Result w = writeChecked(kind, bytes);
    if (!w.ok())
        return w;
    return record(kind, fresh.change, reason, before, AuditLog::sha256(bytes), next.entries());
}

bool Allowlists::hasUnreviewed(AllowlistKind kind) const
{
    const KindState& s = m_state[int(kind)];
    return s.readError.isEmpty() && m_reviewed.has(kind) && m_reviewed.file(kind).sha256 != AuditLog::sha256(s.bytes);
}

AllowlistReview Allowlists::outsideChanges(AllowlistKind kind) const
{
    const KindState& s = m_state[int(kind)];
    AllowlistReview r;
    r.outside = true;
    r.sha256Before = AuditLog::sha256(s.bytes);
    r.change = ChangeSet::between(kind, m_reviewed.file(kind).entries, s.file.entries());
    if (!hasUnreviewed(kind))
        return r;
    const RiskContext ctx = RiskContext::load(m_checkout.root());
    r.notes = RiskAssessor::assess(r.change, ctx);
    r.highRisk = RiskAssessor::highRiskEntries(r.notes);
    r.nextSteps = RiskAssessor::nextSteps(r.change, ctx);
    if (r.change.isEmpty())
        r.nextSteps.prepend(QStringLiteral("Only comments or layout changed; the entries are the same."));
    for (const AllowlistFinding& f : s.file.findings())
        if (f.isError())
            r.nextSteps.append(QStringLiteral("The file has errors now (%1); fix them by hand.").arg(f.toString()));
    return r;
}

Allowlists::Result Allowlists::recordReviewed(const AllowlistReview& review, const QString& reason)
{
    const AllowlistKind kind = review.change.kind;
    const KindState& s = m_state[int(kind)];
    if (!review.outside || !hasUnreviewed(kind))
        return {Status::Refused, QStringLiteral("there are no outside changes to record")};
    if (review.sha256Before != AuditLog::sha256(s.bytes))
        return {Status::ChangedOnDisk, QStringLiteral("%1 changed again since the review was made; review again").arg(filePath(kind))};
    return record(kind, review.change, reason.isEmpty() ? QStringLiteral("reviewed change made outside the panel") : reason,
                  m_reviewed.file(kind).sha256, review.sha256Before, s.file.entries());
}

void Allowlists::setWorkspaceTimes(const WorkspaceTimes& times)
{
    m_times = times;
    Q_EMIT changed();
}

void Allowlists::refreshWorkspaceTimes(EngineClient& engine)
{
    QPointer<Allowlists> self(this);
    WorkspaceProbe::query(engine, m_checkout.composeProjectName(), [self](const WorkspaceTimes& t) {
        if (self)
            self->setWorkspaceTimes(t);
    });
}

PendingState Allowlists::pending() const
{
    return PendingState::compute(changedAt(AllowlistKind::Apt), changedAt(AllowlistKind::Port), m_times.imageCreated,
                                 m_times.containerCreated, m_times.imageId, m_reviewed.file(AllowlistKind::Apt).imageAtChange);
}

QStringList Allowlists::stateLabels(AllowlistKind kind) const
{
    QStringList labels;
    if (!readError(kind).isEmpty())
        labels.append(QStringLiteral("unreadable"));
    else if (file(kind).hasErrors())
        labels.append(QStringLiteral("invalid"));
    if (hasUnreviewed(kind))
        labels.append(QStringLiteral("unreviewed changes"));
    const PendingState p = pending();
    if (kind == AllowlistKind::Apt && p.rebuildNeeded)
        labels.append(QStringLiteral("rebuild needed"));
    if (kind == AllowlistKind::Port && p.restartNeeded)
        labels.append(QStringLiteral("restart needed"));
    if (labels.isEmpty())
        labels.append(QStringLiteral("reviewed"));
    return labels;
}

QStringList Allowlists::attention() const
{
    QStringList out;
    for (const AllowlistKind kind : kKinds) {
        if (hasUnreviewed(kind))
            out.append(QStringLiteral("%1 allowlist: unreviewed changes").arg(AllowlistKinds::name(kind)));
        if (!readError(kind).isEmpty() || file(kind).hasErrors())
            out.append(QStringLiteral("%1 allowlist: invalid file").arg(AllowlistKinds::name(kind)));
    }
    const PendingState p = pending();
    if (p.rebuildNeeded)
        out.append(QStringLiteral("rebuild needed: the apt allowlist changed after the workspace image was built"));
    if (p.restartNeeded)
        out.append(QStringLiteral("restart needed: the port allowlist changed after the workspace container was created"));
    return out;
}

void Allowlists::setWatching(bool on)
{
    if (!on) {
        delete m_watcher;
        m_watcher = nullptr;
        return;
    }
    if (m_watcher)
        return;
    m_watcher = new QFileSystemWatcher(this);
    const QStringList paths{filePath(AllowlistKind::Apt), filePath(AllowlistKind::Port), m_checkout.path(QStringLiteral("config"))};
    for (const QString& p : paths)
        if (QFile::exists(p))
            m_watcher->addPath(p);
    auto onEvent = [this] {
        // Editors replace files by rename: re-add the paths before reloading.
        for (const AllowlistKind k : kKinds)
            if (QFile::exists(filePath(k)) && !m_watcher->files().contains(filePath(k)))
                m_watcher->addPath(filePath(k));
        reload();
    };
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, onEvent);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, onEvent);
}
