#include "core/allowlist/Allowlists.h"

#include "core/fileio/CheckoutLock.h"
#include "core/fileio/RegularFile.h"
#include "core/fileio/SafeWrite.h"

#include "core/fileio/FileWatch.h"
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QTimer>

#include <algorithm>

#include <unistd.h>

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
    const RegularFile::Read f = RegularFile::read(filePath(kind), kMaxFileBytes);
    out->existed = f.exists;
    if (!f.ok()) {
        out->readError = f.error;
        return false;
    }
    out->bytes = f.bytes;
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
    m_unsavedBaseline[0] = m_unsavedBaseline[1] = false;
    bool needSave = false;
    for (const AllowlistKind kind : kKinds) {
        if (m_reviewed.has(kind) || !m_state[int(kind)].readError.isEmpty())
            continue;
        // No reviewed state: what is on disk now is the baseline (see the report / README).
        const KindState& s = m_state[int(kind)];
        m_reviewed.setFile(kind, {AuditLog::sha256(s.bytes), s.file.entries(), QDateTime::currentDateTimeUtc(), {}, {}});
        m_unsavedBaseline[int(kind)] = true;
        needSave = true;
    }
    if (needSave) {
        m_baselineRecorded = true;
        // Looking at a checkout never creates folders in it: the baseline is written now only
        // when logs/ exists, else with the first approved change (which creates logs/).
        QString saveError;
        const CheckoutLock lock(m_checkout.root());
        ReviewedState onDisk(m_reviewed.path());
        if (!QFileInfo(m_checkout.logsDir()).isDir() || !lock.locked())
            ; // kept in memory; written with the first approved change
        else if (onDisk.load() && onDisk.exists())
            ; // another writer recorded a state meanwhile: never overwrite it with a baseline
        else if (!m_reviewed.save(&saveError))
            spdlog::warn("allowlists: baseline not saved: {}", saveError.toStdString());
        else
            m_unsavedBaseline[0] = m_unsavedBaseline[1] = false;
    }
    if (error)
        *error = errors.join(QLatin1Char('\n'));
    Q_EMIT changed();
    return errors.isEmpty();
}

void Allowlists::reload()
{
    // A writer (sandbox-ctl) holds the checkout lock from its read to the reviewed state's save:
    // read between writes only, never a new file with the reviewed state from before it. Busy:
    // try again shortly (the writer's last step, the state's rename, also wakes the watch).
    const CheckoutLock lock(m_checkout.root(), 0);
    if (!lock.locked()) {
        if (!m_reloadQueued) {
            m_reloadQueued = true;
            QTimer::singleShot(50, this, [this] {
                m_reloadQueued = false;
                reload();
            });
        }
        return;
    }
    for (const AllowlistKind kind : kKinds)
        readFile(kind, &m_state[int(kind)]);
    // Another process (the CLI) may have recorded a review: its state replaces the baseline held
    // in memory; a list it has no state for keeps the baseline.
    ReviewedState onDisk(m_reviewed.path());
    if (onDisk.load() && onDisk.exists()) {
        for (const AllowlistKind kind : kKinds) {
            if (onDisk.has(kind))
                m_unsavedBaseline[int(kind)] = false;
            else if (m_reviewed.has(kind))
                onDisk.setFile(kind, m_reviewed.file(kind));
        }
        m_reviewed = onDisk;
    }
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
        r.errors.append(QStringLiteral("%1 changed outside the panel; review those changes first").arg(AllowlistKinds::relativePath(change.kind)));
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
    // A batch adds what is new: entries already listed are left as they are and named, unless
    // nothing new is left (then the refusal says why).
    const AllowlistFile& file = m_state[int(kind)].file;
    ChangeSet c;
    c.kind = kind;
    QStringList already;
    for (const QString& e : entries) {
        if (EntryRules::newEntryError(kind, e).isEmpty() && file.contains(e)) {
            if (!already.contains(e))
                already.append(e);
        } else {
            c.added.append(e);
        }
    }
    if (c.added.isEmpty())
        c.added = entries;
    AllowlistReview r = propose(c);
    r.change.added = c.added; // keep what was asked (duplicates included) for the error text
    EntryRules::sortEntries(kind, &r.change.added);
    // Entries the rules refuse are named apart with the reason (the errors say it too), never as added.
    r.change.added.removeIf([&](const QString& e) {
        const QString why = EntryRules::newEntryError(kind, e);
        if (why.isEmpty())
            return false;
        const QString shown = EntryRules::display(e);
        if (std::none_of(r.refused.cbegin(), r.refused.cend(), [&](const AllowlistReview::Refusal& x) { return x.entry == shown; }))
            r.refused.append({shown, why});
        return true;
    });
    if (c.added != entries) {
        EntryRules::sortEntries(kind, &already);
        r.alreadyListed = already;
        for (qsizetype i = already.size() - 1; i >= 0; --i)
            r.nextSteps.prepend(QStringLiteral("'%1' is already listed (line %2); it is left as it is.").arg(already[i]).arg(file.lineOf(already[i])));
    }
    return r;
}

AllowlistReview Allowlists::proposeRemove(AllowlistKind kind, const QStringList& entries) const
{
    ChangeSet c;
    c.kind = kind;
    c.removed = entries;
    return propose(c);
}

Allowlists::Result Allowlists::commit(AllowlistKind kind, const std::optional<QByteArray>& bytes, const ChangeSet& change, const QString& reason,
                                      const QString& shaBefore)
{
    KindState& s = m_state[int(kind)];
    const QString path = filePath(kind);
    const CheckoutLock lock(m_checkout.root());
    if (!lock.locked())
        return {Status::Busy, lock.error()};
    const SafeWrite::Expected was{s.existed, s.bytes};
    const RegularFile::Read disk = RegularFile::read(path, kMaxFileBytes);
    if (!disk.ok() || disk.exists != was.exists || disk.bytes != was.bytes)
        return {Status::ChangedOnDisk, QStringLiteral("%1 changed on disk since it was read; nothing written. Review the outside change first").arg(path)};
    // No audit trail, no change: the audit file is opened (logs/ created) before anything is written.
    AuditLog::Appender audit(auditPath());
    if (!audit.isOpen())
        return {Status::IoError, QStringLiteral("not applied: the audit trail cannot be written (%1)").arg(audit.error())};
    const QByteArray after = bytes ? *bytes : s.bytes;
    if (bytes) {
        const Result w = SafeWrite::replaceIfUnchanged(path, was, after, 0644, kMaxFileBytes);
        if (!w.ok())
            return w;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const AuditEntry entry{now,       AuditLog::currentUser(), AllowlistKinds::relativePath(kind), change.added, change.removed, reason,
                           shaBefore, AuditLog::sha256(after)};
    QString error;
    if (!audit.append(entry, &error)) {
        if (!bytes)
            return {Status::IoError, QStringLiteral("not recorded: %1").arg(error)};
        // Roll back: the change never stands without its audit line.
        const Result undo = was.exists ? SafeWrite::replaceIfUnchanged(path, SafeWrite::Expected{true, after}, was.bytes, 0644, kMaxFileBytes)
                            : ::unlink(QFile::encodeName(path).constData()) == 0 ? Result{}
                                                                                 : Result{Status::IoError, SafeWrite::describeError(path, errno)};
        if (undo.ok())
            return {Status::IoError, QStringLiteral("not applied: the audit line cannot be written (%1); %2 is back as it was").arg(error, path)};
        return {Status::IoError, QStringLiteral("the audit line cannot be written (%1) and the change could not be rolled back (%2): "
                                                "%3 holds an unaudited change; `allowlist %4 review` lists it")
                                     .arg(error, undo.message, path, AllowlistKinds::name(kind))};
    }
    if (bytes) {
        s.bytes = after;
        s.existed = true;
        s.file = AllowlistFile::parse(kind, after);
    }
    ReviewedState::File f = m_reviewed.file(kind);
    f.sha256 = entry.sha256After;
    f.entries = s.file.entries();
    f.reviewedAt = now;
    if (!change.isEmpty()) {
        f.changedAt = now;
        f.imageAtChange = m_times.imageId;
    }
    m_reviewed.setFile(kind, f);
    Result result;
    if (!m_reviewed.save(&error))
        result = {Status::IoError, QStringLiteral("the change is written and audited but the reviewed state is not: %1").arg(error)};
    else
        m_unsavedBaseline[0] = m_unsavedBaseline[1] = false;
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
    const QByteArray bytes = next.serialize();
    if (bytes.size() > kMaxFileBytes)
        return {Status::Refused, QStringLiteral("%1 would grow to %2 bytes, past the %3 bytes an allowlist may have; nothing written")
                                     .arg(filePath(kind))
                                     .arg(bytes.size())
                                     .arg(kMaxFileBytes)};
    return commit(kind, bytes, fresh.change, reason, AuditLog::sha256(s.bytes));
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
    const bool never = neverReviewed(kind);
    r.change = ChangeSet::between(kind, never ? QStringList() : m_reviewed.file(kind).entries, s.file.entries());
    if (!hasUnreviewed(kind) && !never)
        return r;
    const RiskContext ctx = RiskContext::load(m_checkout.root());
    r.notes = RiskAssessor::assess(r.change, ctx);
    r.highRisk = RiskAssessor::highRiskEntries(r.notes);
    r.nextSteps = RiskAssessor::nextSteps(r.change, ctx);
    if (never)
        r.nextSteps.prepend(QStringLiteral("Never reviewed: no reviewed state was ever saved (logs/ is missing), so every entry "
                                           "is listed; recording the review creates logs/."));
    else if (r.change.isEmpty())
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
    if (!review.outside || (!hasUnreviewed(kind) && !neverReviewed(kind)))
        return {Status::Refused, QStringLiteral("there are no outside changes to record")};
    if (review.sha256Before != AuditLog::sha256(s.bytes))
        return {Status::ChangedOnDisk, QStringLiteral("%1 changed again since the review was made; review again").arg(filePath(kind))};
    return commit(kind, std::nullopt, review.change, reason.isEmpty() ? QStringLiteral("reviewed change made outside the panel") : reason,
                  neverReviewed(kind) ? QString() : m_reviewed.file(kind).sha256);
}

void Allowlists::setWorkspaceTimes(const WorkspaceTimes& times)
{
    m_times = times;
    Q_EMIT changed();
}

void Allowlists::refreshWorkspaceTimes(EngineClient& engine)
{
    WorkspaceProbe::query(engine, m_checkout.composeProjectName(), this, [this](const WorkspaceTimes& t) { setWorkspaceTimes(t); });
}

PendingState Allowlists::pending() const
{
    return PendingState::compute(changedAt(AllowlistKind::Apt), changedAt(AllowlistKind::Port), m_times.imageCreated, m_times.containerCreated, m_times.imageId,
                                 m_reviewed.file(AllowlistKind::Apt).imageAtChange);
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
    if (neverReviewed(kind))
        labels.append(QStringLiteral("never reviewed"));
    const PendingState p = pending();
    if ((kind == AllowlistKind::Apt && p.rebuildNeeded) || (kind == AllowlistKind::Port && p.restartNeeded))
        labels.append(SettingsTypes::applyNeedName(AllowlistKinds::applyNeed(kind)));
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
        if (neverReviewed(kind))
            out.append(QStringLiteral("%1 allowlist: never reviewed").arg(AllowlistKinds::name(kind)));
        if (!readError(kind).isEmpty() || file(kind).hasErrors())
            out.append(QStringLiteral("%1 allowlist: invalid file").arg(AllowlistKinds::name(kind)));
    }
    const PendingState p = pending();
    if (p.rebuildNeeded)
        out.append(QStringLiteral("%1: the apt allowlist changed after the workspace image was built; %2")
                       .arg(SettingsTypes::applyNeedName(AllowlistKinds::applyNeed(AllowlistKind::Apt)),
                            SettingsTypes::applyNeedStep(AllowlistKinds::applyNeed(AllowlistKind::Apt))));
    if (p.restartNeeded)
        out.append(QStringLiteral("%1: the port allowlist changed after the workspace container was created; %2")
                       .arg(SettingsTypes::applyNeedName(AllowlistKinds::applyNeed(AllowlistKind::Port)),
                            SettingsTypes::applyNeedStep(AllowlistKinds::applyNeed(AllowlistKind::Port))));
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
    // The reviewed state too: sandbox-ctl saves it last, after the file and the audit line.
    m_watcher = new FileWatch({filePath(AllowlistKind::Apt), filePath(AllowlistKind::Port), reviewedStatePath()},
                              {m_checkout.path(QStringLiteral("config")), m_checkout.logsDir(), m_checkout.root()}, this);
    connect(m_watcher, &FileWatch::changed, this, &Allowlists::reload);
}

QString AllowlistReview::shown(const QString& entry) const
{
    return entriesShown ? entry : EntryRules::display(entry);
}
