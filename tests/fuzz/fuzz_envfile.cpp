// libFuzzer target for the lossless .env model: parse→serialize is the identity on any bytes,
// and set() calls driven by the input never crash, read back, and leave other lines untouched.
#include "core/settings/EnvFile.h"

#include <cstdint>
#include <cstdlib>

namespace {
void check(bool ok)
{
    if (!ok)
        std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // Layout: [ops byte count][ops...][file bytes]. The whole input is also parsed as a file.
    const QByteArray all(reinterpret_cast<const char*>(data), qsizetype(size));
    check(EnvFile::parse(all).serialize() == all);
    if (size < 1)
        return 0;
    const size_t opsLen = std::min<size_t>(data[0] % 64, size - 1); // at most ~20 set() calls
    const QByteArray ops(reinterpret_cast<const char*>(data + 1), qsizetype(opsLen));
    const QByteArray text = all.mid(qsizetype(1 + opsLen));
    EnvFile env = EnvFile::parse(text);
    check(env.serialize() == text);

    static const char* const kKeys[] = {"A", "B", "PORTSCAN_INTERVAL", "APP_PORT", "X_Y", "NEW_KEY_PORT"};
    // Each op: key index byte, then a value of up to 7 bytes taken from the op stream.
    for (qsizetype i = 0; i + 1 < ops.size();) {
        const QString key = QString::fromLatin1(kKeys[uint8_t(ops[i]) % 6]);
        const qsizetype len = std::min<qsizetype>(uint8_t(ops[i + 1]) % 8, ops.size() - i - 2);
        const QString value = QString::fromUtf8(ops.mid(i + 2, len));
        i += 2 + len;
        const std::vector<EnvLine> before = env.lines();
        const int at = env.lineOf(key);
        QString error;
        if (!env.set(key, value, &error)) {
            check(env.serialize() == EnvFile::parse(env.serialize()).serialize());
            check(env.lines().size() == before.size());
            continue;
        }
        const EnvFile reread = EnvFile::parse(env.serialize());
        check(reread.value(key, QStringLiteral("\x01missing")) == value);
        check(reread.serialize() == env.serialize());
        const std::vector<EnvLine>& after = env.lines();
        if (at >= 0) {
            // Only the key's own line changed.
            check(after.size() == before.size());
            for (size_t j = 0; j < after.size(); ++j)
                if (int(j) != at)
                    check(after[j].text == before[j].text && after[j].eol == before[j].eol);
        } else {
            // One inserted line; all others keep their text (the line before may gain an EOL).
            check(after.size() == before.size() + 1);
            // The new line's text matches no existing line (no line assigned this key).
            size_t inserted = 0;
            while (inserted < before.size() && after[inserted].text == before[inserted].text)
                ++inserted;
            check(after[inserted].key == key);
            for (size_t j = 0; j + 1 < inserted; ++j)
                check(after[j].eol == before[j].eol);
            for (size_t j = inserted; j < before.size(); ++j)
                check(after[j + 1].text == before[j].text && after[j + 1].eol == before[j].eol);
        }
    }
    return 0;
}
