// libFuzzer target for the allowlist file parser (both kinds) and the docker-compose.yml port
// reader: parse→serialize is the identity, a file without errors stays valid after adding an
// entry derived from the input, and the compose reader never crashes on any YAML.
#include "core/allowlist/AllowlistFile.h"
#include "core/allowlist/EntryRules.h"
#include "core/composefile/ComposePorts.h"

#include <cstdint>
#include <cstdlib>

namespace {
void check(bool ok)
{
    if (!ok)
        std::abort();
}

void fuzzList(AllowlistKind kind, const QByteArray& bytes, const QString& candidate)
{
    AllowlistFile f = AllowlistFile::parse(kind, bytes);
    check(f.serialize() == bytes);
    if (f.hasErrors())
        return;
    const QStringList before = f.entries();
    QStringList sorted = before;
    EntryRules::sortEntries(kind, &sorted);
    check(sorted == before); // a valid file is sorted without duplicates
    ChangeSet add{kind, {candidate}, {}};
    QStringList errors;
    const bool applied = f.apply(add, &errors);
    check(applied == (EntryRules::newEntryError(kind, candidate).isEmpty() && !before.contains(candidate)));
    if (!applied) {
        check(f.serialize() == bytes); // refused: untouched
        return;
    }
    check(!f.hasErrors());
    check(f.entries().size() == before.size() + 1 && f.contains(candidate));
    ChangeSet remove{kind, {}, {candidate}};
    check(f.apply(remove));
    check(f.entries() == before);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray all(reinterpret_cast<const char*>(data), qsizetype(size));
    // The first line (up to 16 bytes) is the entry to add; the rest is the file.
    const qsizetype nl = all.indexOf('\n');
    const QString candidate = QString::fromUtf8(nl >= 0 && nl <= 16 ? all.left(nl) : all.left(6));
    fuzzList(AllowlistKind::Apt, all, candidate);
    fuzzList(AllowlistKind::Port, all, candidate);
    if (size <= 8192) {
        QList<ComposePort> ports;
        QString error;
        ComposePorts::parse(all, {{QStringLiteral("OPENCODE_PORT"), QStringLiteral("3000")}}, &ports, &error);
    }
    return 0;
}
