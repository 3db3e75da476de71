#include "core/mcp/McpChecks.h"

#include "core/check/SecretPatterns.h"
#include "core/logging/Redaction.h"
#include "core/text/VisibleText.h"

#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace {
using S = McpFinding::Severity;

double entropyBitsPerChar(const QString& s)
{
    QHash<QChar, int> counts;
    for (const QChar c : s)
        ++counts[c];
    double h = 0;
    for (const int n : counts) {
        const double p = double(n) / s.size();
        h -= p * std::log2(p);
    }
    return h;
}

bool isEnvReference(const QString& v)
{
    static const QRegularExpression ref(QStringLiteral(R"(^\{env:[A-Za-z_][A-Za-z0-9_]*\}$)"));
    return ref.match(v).hasMatch();
}

/// "pkg@1.2.3" / "@scope/pkg@1.2.3" (npm) or "pkg==1.2" / "pkg@1.2" (uv) is pinned.
bool isPinned(const QString& package)
{
    const int at = package.lastIndexOf(QLatin1Char('@'));
    if (at > 0 && at + 1 < package.size() && package.at(at + 1).isDigit())
        return true;
    return package.contains(QStringLiteral("=="));
}

void checkValues(const McpServer& s, const char* what, const QJsonObject& values, McpFindings* out)
{
    for (auto it = values.begin(); it != values.end(); ++it)
        if (McpChecks::isInlineSecret(it.key(), it.value().toString()))
            out->append({S::Error, s.name,
                         QStringLiteral("inline secret in %1 %2 (%3): use {env:VAR_NAME}")
                             .arg(QLatin1String(what), VisibleText::escape(it.key()), QLatin1String(Redaction::kMask))});
}
} // namespace

QString McpFinding::severityName() const
{
    return severity == S::Error ? QStringLiteral("error") : severity == S::Warning ? QStringLiteral("warning") : QStringLiteral("info");
}

bool McpChecks::looksLikeSecret(const QString& value)
{
    const QString v = value.trimmed();
    // Shorter than any shape below ("Bearer x" is the shortest): no regex needed.
    if (v.size() < 8 || isEnvReference(v))
        return false;
    if (SecretPatterns::matchesAny(v))
        return true;
    static const QRegularExpression bearer(QStringLiteral(R"(^(Bearer|Basic|token)\s+(\S+)$)"), QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch b = bearer.match(v);
    const QString token = b.hasMatch() ? b.captured(2) : v;
    if (b.hasMatch() && !isEnvReference(token))
        return true;
    // A long run of token characters with high entropy (not a path, URL or sentence).
    static const QRegularExpression tokenChars(QStringLiteral(R"(^[A-Za-z0-9_\-+=/.]{24,}$)"));
    // Random tokens hold digits; hyphenated words ("several-arguments-that-...") do not.
    const bool hasDigit = std::any_of(token.begin(), token.end(), [](QChar c) { return c.isDigit(); });
    return tokenChars.match(token).hasMatch() && hasDigit && !token.contains(QStringLiteral("//")) && !token.startsWith(QLatin1Char('/'))
           && entropyBitsPerChar(token) >= 3.5;
}

bool McpChecks::isSecretName(const QString& key)
{
    QString k = key.toUpper();
    k.replace(QLatin1Char('-'), QLatin1Char('_'));
    if (Redaction::isSecretKey(k))
        return true;
    static const QRegularExpression more(QStringLiteral(R"((^|_)(AUTHORIZATION|AUTH|CREDENTIALS?|PASSWD|PWD|APIKEY|PRIVATE_KEY)($|_))"));
    return more.match(k).hasMatch();
}

bool McpChecks::isInlineSecret(const QString& key, const QString& value)
{
    const QString v = value.trimmed();
    if (v.isEmpty() || isEnvReference(v))
        return false;
    // "Bearer {env:DOCS_TOKEN}": the credential itself is a reference.
    static const QRegularExpression refs(QStringLiteral(R"(\{env:[A-Za-z_][A-Za-z0-9_]*\})"));
    static const QRegularExpression scheme(QStringLiteral(R"(^(Bearer|Basic|token)?$)"), QRegularExpression::CaseInsensitiveOption);
    if (v.contains(refs) && scheme.match(QString(v).remove(refs).trimmed()).hasMatch())
        return false;
    return looksLikeSecret(v) || (!key.isEmpty() && isSecretName(key));
}

QString McpChecks::displayValue(const QString& value, const QString& key)
{
    return isInlineSecret(key, value) ? QString::fromLatin1(Redaction::kMask) : VisibleText::escape(Redaction::redact(value));
}

QStringList McpChecks::maskedCommand(const QStringList& command, QStringList* masked)
{
    static const QRegularExpression flag(QStringLiteral(R"(^(--?[A-Za-z0-9_.-]+)(?:=(.*))?$)"));
    static const QRegularExpression assignment(QStringLiteral(R"(^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$)"));
    const QString mask = QString::fromLatin1(Redaction::kMask);
    QStringList out;
    for (qsizetype i = 0; i < command.size(); ++i) {
        const QString& a = command.at(i);
        if (i > 0 && looksLikeSecret(a)) {
            out << mask;
            if (masked)
                masked->append(QStringLiteral("argument %1").arg(i));
            continue;
        }
        const QRegularExpressionMatch f = flag.match(a);
        if (f.hasMatch() && isSecretName(f.captured(1).mid(f.captured(1).startsWith(QLatin1String("--")) ? 2 : 1))) {
            const QString name = f.captured(1);
            if (f.lastCapturedIndex() >= 2) { // --token=VALUE
                const bool secret = isInlineSecret(name, f.captured(2));
                out << (secret ? name + QLatin1Char('=') + mask : a);
                if (secret && masked)
                    masked->append(name);
            } else if (i + 1 < command.size() && !command.at(i + 1).startsWith(QLatin1Char('-'))) { // --token VALUE
                const bool secret = isInlineSecret(name, command.at(i + 1));
                out << a << (secret ? mask : command.at(i + 1));
                if (secret && masked)
                    masked->append(name);
                ++i;
            } else {
                out << a;
            }
            continue;
        }
        const QRegularExpressionMatch kv = assignment.match(a);
        if (i > 0 && kv.hasMatch() && isInlineSecret(kv.captured(1), kv.captured(2)) && isSecretName(kv.captured(1))) {
            out << kv.captured(1) + QLatin1Char('=') + mask;
            if (masked)
                masked->append(kv.captured(1));
            continue;
        }
        out << a;
    }
    return out;
}

QString McpChecks::maskedUrl(const QString& url, bool* hadCredentials)
{
    // scheme://userinfo@host...: the userinfo is everything between "//" and the last '@'
    // before the path (a password may itself hold '@', ':' or '/').
    static const QRegularExpression userinfo(QStringLiteral(R"(^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*@))"));
    const QRegularExpressionMatch m = userinfo.match(url);
    if (hadCredentials)
        *hadCredentials = m.hasMatch();
    QString out = url;
    if (m.hasMatch())
        out.replace(m.capturedStart(2), m.capturedLength(2), QString::fromLatin1(Redaction::kMask) + QLatin1Char('@'));
    return Redaction::redact(out);
}

QString McpChecks::unpinnedPackage(const QStringList& command)
{
    if (command.isEmpty())
        return {};
    const QString tool = command.first().section(QLatin1Char('/'), -1);
    int i = 1;
    if (tool == QLatin1String("npx")) {
        if (!command.contains(QStringLiteral("-y")) && !command.contains(QStringLiteral("--yes")))
            return {};
    } else if (tool != QLatin1String("uvx")) {
        return {};
    }
    for (; i < command.size(); ++i) {
        const QString& a = command.at(i);
        if (a == QLatin1String("--from") && i + 1 < command.size())
            return isPinned(command.at(i + 1)) ? QString() : command.at(i + 1);
        if (!a.startsWith(QLatin1Char('-')))
            return isPinned(a) ? QString() : a;
    }
    return {};
}

McpFindings McpChecks::check(const McpConfig& config, const McpCheckContext& context)
{
    McpFindings out;
    if (!config.error.isEmpty()) {
        out.append({S::Error, QString(), config.error});
        return out;
    }
    for (const QString& note : config.notes)
        out.append({S::Warning, QString(), VisibleText::escape(note)});
    if (config.inProjectFolder)
        out.append({S::Warning, QString(),
                    QStringLiteral("%1 is in the project folder, which the agent can write: it can change its own MCP servers before the next start (keep the "
                                   "file in the checkout or the read-only shared folder)")
                        .arg(VisibleText::escape(config.path))});
    for (const McpServer& s : config.servers) {
        checkValues(s, "environment", s.environment, &out);
        checkValues(s, "headers", s.headers, &out);
        QStringList maskedArgs;
        maskedCommand(s.command, &maskedArgs);
        for (const QString& arg : std::as_const(maskedArgs))
            out.append({S::Error, s.name,
                        QStringLiteral("inline secret in the command (%1 %2): pass it through environment with {env:VAR_NAME}")
                            .arg(VisibleText::escape(arg), QLatin1String(Redaction::kMask))});
        bool credentials = false;
        maskedUrl(s.url, &credentials);
        if (credentials)
            out.append({S::Error, s.name,
                        QStringLiteral("inline credentials in the URL (%1@): use a header with {env:VAR_NAME}").arg(QLatin1String(Redaction::kMask))});
        if (s.kind == McpServer::Kind::Remote) {
            if (context.egress == Egress::Restricted)
                out.append({S::Info, s.name, QStringLiteral("unreachable in restricted mode (NETWORK_EGRESS=restricted)")});
            else
                out.append({S::Warning, s.name, QStringLiteral("the agent can send data to this URL (NETWORK_EGRESS=full)")});
        } else if (s.kind == McpServer::Kind::Host) {
            const QUrl url(s.url);
            const int port = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
            if (!context.allowedPorts.contains(port))
                out.append({S::Error, s.name, QStringLiteral("host port %1 is not listed in config/port-allowlist.txt").arg(port)});
            bool onLoopback = false;
            for (const ComposePort& p : ComposePorts::publishing(context.published, port))
                onLoopback = onLoopback || p.hostIp == QLatin1String("127.0.0.1");
            if (!onLoopback)
                out.append({S::Error, s.name, QStringLiteral("host port %1 is not published on 127.0.0.1 in docker-compose.yml").arg(port)});
        }
        if (const QString pkg = unpinnedPackage(s.command); !pkg.isEmpty())
            out.append({S::Warning, s.name,
                        QStringLiteral("%1 runs '%2' unpinned: whatever the registry serves today (pin a version)")
                            .arg(VisibleText::escape(s.command.first()), VisibleText::escape(pkg))});
    }
    return out;
}
