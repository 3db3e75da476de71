#include "ReportRecord.h"

#include "core/logging/Redaction.h"
#include "core/reports/KnownListeners.h"
#include "core/text/JsonStringState.h"
#include "core/text/VisibleText.h"

#include <algorithm>

#include <cstring>

#include <QJsonArray>
#include <QJsonDocument>

QString reportFileName(ReportKind kind)
{
    switch (kind) {
    case ReportKind::Resources: return QStringLiteral("resources.jsonl");
    case ReportKind::Portscan: return QStringLiteral("portscan.jsonl");
    case ReportKind::Summary: return QStringLiteral("security_summary.jsonl");
    }
    return {};
}

QString reportKindName(ReportKind kind)
{
    switch (kind) {
    case ReportKind::Resources: return QStringLiteral("resources");
    case ReportKind::Portscan: return QStringLiteral("portscan");
    case ReportKind::Summary: return QStringLiteral("summary");
    }
    return {};
}

bool reportKindFromName(const QString& name, ReportKind* kind)
{
    for (ReportKind k : {ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary}) {
        if (name == reportKindName(k)) {
            *kind = k;
            return true;
        }
    }
    return false;
}

bool isValidUtf8(const char* data, qint64 size)
{
    const auto* s = reinterpret_cast<const unsigned char*>(data);
    qint64 i = 0;
    while (i < size) {
        // ASCII fast path, eight bytes at a time.
        while (i + 8 <= size) {
            quint64 word;
            std::memcpy(&word, s + i, 8);
            if (word & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= size)
            break;
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int n = 0;
        unsigned int cp = 0;
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
        } else
            return false;
        if (i + n >= size)
            return false;
        for (int k = 1; k <= n; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

QDateTime parseReportTime(const QString& text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODate);
    if (t.isValid())
        t = t.toUTC();
    return t;
}

namespace {
// Secrets (registered .env values, KEY=value pairs with secret keys, token shapes) are masked
// here, as each record is read, for all its readers: sandbox-ctl's text and JSON, the panel's
// views, copies and alerts.
QJsonValue redacted(const QJsonValue& v, bool* changed);

QJsonObject redacted(const QJsonObject& o, bool* changed)
{
    QJsonObject out = o; // shared until a field changes
    for (auto it = o.begin(); it != o.end(); ++it) {
        bool valueChanged = false;
        const QJsonValue value = redacted(it.value(), &valueChanged);
        const QString key = Redaction::redact(it.key());
        if (key != it.key())
            out.remove(it.key());
        if (key != it.key() || valueChanged) {
            out.insert(key, value);
            *changed = true;
        }
    }
    return out;
}

QJsonValue redacted(const QJsonValue& v, bool* changed)
{
    if (v.isString()) {
        const QString s = v.toString();
        const QString masked = Redaction::redact(s);
        if (masked == s)
            return v;
        *changed = true;
        return masked;
    }
    if (v.isObject()) {
        bool inner = false;
        const QJsonObject o = redacted(v.toObject(), &inner);
        *changed |= inner;
        return inner ? QJsonValue(o) : v;
    }
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        QJsonArray out = a;
        for (qsizetype i = 0; i < a.size(); ++i) {
            bool inner = false;
            const QJsonValue e = redacted(a.at(i), &inner);
            if (inner) {
                out.replace(i, e);
                *changed = true;
            }
        }
        return out;
    }
    return v;
}

/// The bytes of a record that did not parse, masked as text (invalid UTF-8 then shown replaced).
/// A preview's last word may be the start of a secret cut at the preview's end: dropped.
QByteArray redactedRaw(const QByteArray& bytes, bool preview)
{
    const QString text = QString::fromUtf8(bytes);
    QString masked = Redaction::redact(text);
    if (preview) {
        qsizetype end = masked.size();
        while (end > 0 && !masked.at(end - 1).isSpace() && !QStringLiteral("\"',:;{}[]=").contains(masked.at(end - 1)))
            --end;
        masked.truncate(end);
    }
    return masked == text ? bytes : masked.toUtf8();
}
} // namespace

ReportRecord parseRecord(const RawRecord& raw, ReportKind kind, const QString& file)
{
    ReportRecord r;
    r.kind = kind;
    r.file = file;
    r.offset = raw.offset;
    r.length = raw.length;
    r.lines = raw.lines;
    r.raw = raw.bytes;
    if (raw.oversize) {
        r.raw = redactedRaw(raw.bytes, true);
        r.status = ReportRecord::Status::Oversize;
        r.error = QStringLiteral("record longer than the limit (%1 bytes): skipped").arg(raw.length);
        return r;
    }
    if (!isValidUtf8(raw.bytes.constData(), raw.bytes.size())) {
        r.raw = redactedRaw(raw.bytes, false);
        r.status = ReportRecord::Status::NotUtf8;
        r.error = QStringLiteral("not valid UTF-8");
        return r;
    }
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(raw.bytes, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        r.raw = redactedRaw(raw.bytes, false);
        r.status = ReportRecord::Status::Malformed;
        r.error = err.error != QJsonParseError::NoError ? QStringLiteral("malformed JSON at byte %1: %2").arg(err.offset).arg(err.errorString())
                                                        : QStringLiteral("not a JSON object");
        return r;
    }
    bool changed = false;
    r.object = redacted(doc.object(), &changed);
    if (changed) // the masked record, compact (its keys then in sorted order)
        r.raw = QJsonDocument(r.object).toJson(QJsonDocument::Compact);
    return r;
}

QDateTime ReportRecord::timestamp() const
{
    return parseReportTime(object.value(QLatin1String("timestamp")).toString());
}

QByteArray ReportRecord::compactJson() const
{
    if (!ok())
        return raw;
    const QByteArray trimmed = raw.trimmed();
    const bool control = std::any_of(trimmed.cbegin(), trimmed.cend(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    if (lines == 1 && !control)
        return trimmed;
    // Drop the whitespace outside strings (same keys, same order, one line); control characters
    // the parser tolerated inside strings are escaped so the result stays one line.
    QByteArray out;
    out.reserve(raw.size());
    JsonStringState str;
    for (const char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (str.inString && u < 0x20) {
            out.append(str.escape ? QByteArrayLiteral("u00") : QByteArrayLiteral("\\u00"));
            out.append(QByteArray::number(u, 16).rightJustified(2, '0'));
            str.escape = false;
            continue;
        }
        if (!str.feed(c) && (c == ' ' || c == '\t' || c == '\r' || c == '\n'))
            continue;
        out.append(c);
    }
    // Whatever the parser tolerated, the output is valid JSON: re-encode when it is not.
    QJsonParseError err{};
    QJsonDocument::fromJson(out, &err);
    return err.error == QJsonParseError::NoError ? out : QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString ReportRecord::visibleJson() const
{
    return VisibleText::escape(QString::fromUtf8(compactJson()));
}

QString ReportRecord::displayText() const
{
    return VisibleText::escape(QString::fromUtf8(raw));
}

namespace {
// Every string taken from a record is made visible (VisibleText) here, once, for all its readers.
QString text(const QJsonObject& o, const char* key)
{
    return VisibleText::escape(o.value(QLatin1String(key)).toString());
}
QStringList stringList(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& e : v.toArray())
        out << (e.isString() ? VisibleText::escape(e.toString()) : QString::number(e.toDouble()));
    return out;
}
qint64 integer(const QJsonObject& o, const char* key)
{
    return static_cast<qint64>(o.value(QLatin1String(key)).toDouble());
}
} // namespace

ResourceSnapshot ResourceSnapshot::fromJson(const QJsonObject& o)
{
    ResourceSnapshot s;
    s.timestamp = parseReportTime(o.value(QLatin1String("timestamp")).toString());
    s.memTotalKb = integer(o, "mem_total_kb");
    s.memAvailableKb = integer(o, "mem_available_kb");
    s.swapTotalKb = integer(o, "swap_total_kb");
    s.swapFreeKb = integer(o, "swap_free_kb");
    s.memUsedPct = o.value(QLatin1String("mem_used_pct")).toDouble();
    s.processCount = static_cast<int>(integer(o, "process_count"));
    for (const QJsonValue& v : o.value(QLatin1String("top_processes")).toArray()) {
        const QJsonObject p = v.toObject();
        s.topProcesses.append({text(p, "user"), static_cast<qint64>(p.value(QLatin1String("pid")).toDouble()), p.value(QLatin1String("cpu")).toDouble(),
                               p.value(QLatin1String("mem")).toDouble(), text(p, "command")});
    }
    return s;
}

PortScanResult PortScanResult::fromJson(const QJsonObject& o)
{
    PortScanResult r;
    r.timestamp = parseReportTime(o.value(QLatin1String("timestamp")).toString());
    r.status = text(o, "status");
    r.expectedPorts = stringList(o.value(QLatin1String("expected_ports")));
    for (const QJsonValue& v : o.value(QLatin1String("unexpected")).toArray()) {
        const QJsonObject u = v.toObject();
        r.unexpected.append({text(u, "address"), text(u, "process")});
    }
    return r;
}

bool UnexpectedListener::isKnown() const
{
    return KnownListeners::isDockerDns(address, process);
}

QString UnexpectedListener::label() const
{
    if (isKnown())
        return QStringLiteral("%1 %2").arg(address, KnownListeners::dockerDnsName());
    return QStringLiteral("%1 (%2)").arg(address, process.isEmpty() ? QStringLiteral("no process shown") : process);
}

QList<UnexpectedListener> PortScanResult::unknown() const
{
    QList<UnexpectedListener> out;
    for (const UnexpectedListener& u : unexpected)
        if (!u.isKnown())
            out << u;
    return out;
}

bool PortScanResult::isWarning() const
{
    const QByteArray s = status.toUtf8();
    return KnownListeners::scanWarns(std::string_view(s.constData(), size_t(s.size())), int(unexpected.size()), int(unknown().size()));
}

SecuritySummary SecuritySummary::fromJson(const QJsonObject& o)
{
    SecuritySummary s;
    s.timestamp = parseReportTime(o.value(QLatin1String("timestamp")).toString());
    s.processCount = static_cast<int>(integer(o, "process_count"));
    s.memTotalKb = integer(o, "mem_total_kb");
    s.memAvailableKb = integer(o, "mem_available_kb");
    s.portscanWarnings = integer(o, "portscan_warnings");
    s.resourceSnapshots = integer(o, "resource_snapshots");
    s.listeners = stringList(o.value(QLatin1String("listeners")));
    return s;
}

QString recordSummary(const ReportRecord& r)
{
    const QString where = QStringLiteral("%1 @%2").arg(reportKindName(r.kind)).arg(r.offset);
    if (!r.ok()) {
        QString text = r.displayText().simplified();
        if (text.size() > 120)
            text = text.left(117) + QStringLiteral("...");
        return QStringLiteral("%1 %2: %3 [%4]")
            .arg(where, r.status == ReportRecord::Status::Oversize ? QStringLiteral("SKIPPED") : QStringLiteral("MALFORMED"), r.error, text);
    }
    const QString ts = text(r.object, "timestamp");
    switch (r.kind) {
    case ReportKind::Resources: {
        const ResourceSnapshot s = ResourceSnapshot::fromJson(r.object);
        QString line = QStringLiteral("%1 resources mem %2% processes %3").arg(ts).arg(s.memUsedPct, 0, 'f', 1).arg(s.processCount);
        if (!s.topProcesses.isEmpty())
            line += QStringLiteral(" top: %1 (%2%)").arg(s.topProcesses.first().command).arg(s.topProcesses.first().mem, 0, 'f', 1);
        return line;
    }
    case ReportKind::Portscan: {
        const PortScanResult p = PortScanResult::fromJson(r.object);
        QStringList known, unknown;
        for (const UnexpectedListener& l : p.unexpected)
            (l.isKnown() ? known : unknown) << l.label();
        const QString also = known.isEmpty() ? QString() : QStringLiteral("; ") + known.join(QStringLiteral(", "));
        if (!p.isWarning())
            return QStringLiteral("%1 portscan ok expected %2%3").arg(ts, p.expectedPorts.join(QLatin1Char(',')), also);
        const QString what = unknown.isEmpty() ? QStringLiteral("(no listener named)") : unknown.join(QStringLiteral(", "));
        return QStringLiteral("%1 portscan WARNING unexpected %2%3").arg(ts, what, also);
    }
    case ReportKind::Summary: {
        const SecuritySummary s = SecuritySummary::fromJson(r.object);
        return QStringLiteral("%1 summary processes %2 portscan_warnings %3 snapshots %4 listeners %5")
            .arg(ts)
            .arg(s.processCount)
            .arg(s.portscanWarnings)
            .arg(s.resourceSnapshots)
            .arg(s.listeners.join(QLatin1Char(',')));
    }
    }
    return where;
}
