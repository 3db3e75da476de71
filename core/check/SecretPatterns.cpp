#include "core/check/SecretPatterns.h"

#include "core/logging/Redaction.h"

namespace {
SecretPattern make(const char* id, const char* message, const char* regex, QStringList literals, bool strict, bool skipsScript)
{
    return {QString::fromLatin1(id), QString::fromLatin1(message), QRegularExpression(QString::fromLatin1(regex)), std::move(literals), strict, skipsScript};
}
} // namespace

const QList<SecretPattern>& SecretPatterns::all()
{
    // Copied from security_check.sh (sandbox-latest); grep -E and PCRE agree on these forms.
    static const QList<SecretPattern> table{
        make("committed-secret", "Error: potential committed secret detected.", R"((sk-[A-Za-z0-9_-]{20,}|ghp_[A-Za-z0-9_]{20,}|github_pat_[A-Za-z0-9_]{20,}))",
             {QStringLiteral("sk-"), QStringLiteral("ghp_"), QStringLiteral("github_pat_")}, false, false),
        make("aws-key", "Error: potential AWS access key detected.", R"(AKIA[0-9A-Z]{16})", {QStringLiteral("AKIA")}, true, false),
        make("private-key", "Error: potential private key detected.", R"(-----BEGIN .*PRIVATE KEY-----)", {QStringLiteral("-----BEGIN ")}, true, true),
        make("jwt", "Error: potential JWT token detected.", R"(eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\.)", {QStringLiteral("eyJ")}, true, false),
        make("slack", "Error: potential Slack token detected.", R"(xox[bpors]-[A-Za-z0-9-]{10,})", {QStringLiteral("xox")}, true, false),
        make("ai-token", "Error: potential AI provider token detected.", R"((hf_[A-Za-z0-9]{34,}|sk-ant-[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{35}))",
             {QStringLiteral("hf_"), QStringLiteral("sk-ant-"), QStringLiteral("AIza")}, true, true),
    };
    return table;
}

QList<SecretPattern> SecretPatterns::active(bool strict)
{
    QList<SecretPattern> out;
    for (const SecretPattern& p : all())
        if (strict || !p.strictOnly)
            out.append(p);
    return out;
}

bool SecretPatterns::matchesAny(const QString& text)
{
    for (const SecretPattern& p : all())
        if (p.regex.match(text).hasMatch())
            return true;
    return false;
}

QString SecretPatterns::mask(const QString& text)
{
    QString out = text;
    for (const SecretPattern& p : all())
        out.replace(p.regex, QString::fromLatin1(Redaction::kMask));
    return Redaction::redact(out);
}
