#include "SettingsValidator.h"

#include "core/mcp/McpConfig.h"

#include "core/settings/SettingsTypes.h"

#include "core/allowlist/AllowlistFile.h"
#include "core/fileio/RegularFile.h"
#include "core/settings/EnvShellCheck.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace {
const QStringList kRequired{QStringLiteral("PROJECT_NAME"),     QStringLiteral("PROJECTS_ROOT_PATH"), QStringLiteral("SHARED_SYSTEM_PATH"),
                            QStringLiteral("TEMP_PATH"),        QStringLiteral("LLM_SOURCE"),         QStringLiteral("GIT_USERNAME"),
                            QStringLiteral("GIT_EMAIL"),        QStringLiteral("PYTHON_BASE_IMAGE"),  QStringLiteral("UV_IMAGE"),
                            QStringLiteral("NODE_VERSION"),     QStringLiteral("OPENCODE_VERSION"),   QStringLiteral("GH_VERSION"),
                            QStringLiteral("OLLAMA_IMAGE_TAG"), QStringLiteral("OPENCODE_PORT"),      QStringLiteral("APP_PORT")};
const QStringList kAbsolutePaths{QStringLiteral("PROJECTS_ROOT_PATH"), QStringLiteral("SHARED_SYSTEM_PATH"), QStringLiteral("TEMP_PATH")};
const QStringList kPorts{QStringLiteral("OPENCODE_PORT"), QStringLiteral("APP_PORT"), QStringLiteral("LLM_PORT"), QStringLiteral("DASHBOARD_PORT"),
                         QStringLiteral("MCP_BRIDGE_PORT")};
const QStringList kBooleans{QStringLiteral("PORTSCAN_ENABLED"), QStringLiteral("RESOURCE_MONITOR_ENABLED"), QStringLiteral("AUTOLOG_ENABLED"),
                            QStringLiteral("DASHBOARD_ENABLED"), QStringLiteral("SECRET_SCAN_STRICT")};
const QStringList kPositive{QStringLiteral("PORTSCAN_INTERVAL"), QStringLiteral("RESOURCE_MONITOR_INTERVAL"), QStringLiteral("DASHBOARD_REFRESH_INTERVAL"),
                            QStringLiteral("ULIMIT_NOFILE"), QStringLiteral("ULIMIT_NPROC")};

bool isDigits(const QString& v)
{
    if (v.isEmpty() || v.size() > 18)
        return false;
    for (QChar c : v)
        if (c < u'0' || c > u'9')
            return false;
    return true;
}

struct Collector {
    Findings out;
    void error(const QString& key, const QString& message) { out.append({Finding::Severity::Error, key, message}); }
    void warning(const QString& key, const QString& message) { out.append({Finding::Severity::Warning, key, message}); }
};
} // namespace

SettingsValidator::SettingsValidator(const QString& checkoutRoot)
    : m_root(checkoutRoot)
{
}

bool SettingsValidator::isPositiveInteger(const QString& v)
{
    // As the checkout's check: ^[1-9][0-9]*$ (no sign, no leading zero); and, stricter, at most
    // nine digits: a 20-digit interval or limit is a typo that the tools would not take.
    static const QRegularExpression re(QStringLiteral("^[1-9][0-9]{0,8}$"));
    return re.match(v).hasMatch();
}

bool SettingsValidator::isAcceptableHost(const QString& v)
{
    static const QRegularExpression re(QStringLiteral("^[a-zA-Z0-9_.-]+$"));
    return re.match(v).hasMatch();
}

bool SettingsValidator::isHostOrIpv4(const QString& v)
{
    static const QRegularExpression ipv4(QStringLiteral("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$"));
    static const QRegularExpression label(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"));
    if (v.isEmpty() || v.size() > 253)
        return false;
    const auto m = ipv4.match(v);
    if (m.hasMatch()) {
        for (int i = 1; i <= 4; ++i)
            if (m.captured(i).toInt() > 255)
                return false;
        return true;
    }
    const QStringList labels = v.split(u'.');
    for (const QString& l : labels)
        if (!label.match(l).hasMatch())
            return false;
    // An all-numeric dotted name that is not a valid IPv4 address is neither.
    return !isDigits(labels.last());
}

bool SettingsValidator::isAcceptedMode(QFileDevice::Permissions p)
{
    using P = QFileDevice::Permission;
    const QFileDevice::Permissions unixBits = p & ~(P::ReadUser | P::WriteUser | P::ExeUser);
    const auto owner = p & (P::ReadOwner | P::WriteOwner | P::ExeOwner);
    const auto group = unixBits & (P::ReadGroup | P::WriteGroup | P::ExeGroup);
    const auto other = unixBits & (P::ReadOther | P::WriteOther | P::ExeOther);
    if (other)
        return false;
    if (owner == (P::ReadOwner | P::WriteOwner))
        return !group || group == QFileDevice::Permissions(P::ReadGroup); // 600, 640
    return owner == QFileDevice::Permissions(P::ReadOwner) && !group;     // 400
}

std::optional<QStringList> SettingsValidator::checkAllowlists(Findings& out) const
{
    std::optional<QStringList> ports;
    for (const AllowlistKind kind : {AllowlistKind::Apt, AllowlistKind::Port}) {
        const QString rel = AllowlistKinds::relativePath(kind);
        const RegularFile::Read f = RegularFile::read(QDir(m_root).filePath(rel), 1024 * 1024);
        if (!f.ok()) {
            out.append({Finding::Severity::Error, rel, f.error});
            continue;
        }
        if (!f.exists) {
            if (kind == AllowlistKind::Port)
                out.append({Finding::Severity::Error, rel, QStringLiteral("does not exist; the published ports cannot be checked")});
            continue;
        }
        const AllowlistFile file = AllowlistFile::parse(kind, f.bytes);
        for (const AllowlistFinding& x : file.findings())
            out.append({x.isError() ? Finding::Severity::Error : Finding::Severity::Warning, rel,
                        x.line > 0 ? QStringLiteral("line %1: %2").arg(x.line).arg(x.message) : x.message});
        if (kind == AllowlistKind::Port)
            ports = file.entries();
    }
    return ports;
}

QStringList SettingsValidator::keysUnknownToCheckout() const
{
    static const QStringList newer{QStringLiteral("MODEL_PROFILE"), QStringLiteral("LLM_HOST"), QStringLiteral("MAX_CONTEXT_LENGTH")};
    const RegularFile::Read script = RegularFile::read(QDir(m_root).filePath(QStringLiteral("scripts/validate_config.sh")), 1024 * 1024);
    if (!script.ok() || !script.exists)
        return {}; // no validator of its own (the demo): every rule applies
    QStringList unknown;
    for (const QString& key : newer)
        if (!script.bytes.contains(key.toLatin1()))
            unknown.append(key);
    return unknown;
}

void SettingsValidator::checkLlm(const EnvFile& env, bool profileKnown, Findings& out) const
{
    // As the checkout's check: MODEL_PROFILE must name an existing profile; when it is set, the
    // model key is not needed and LLM_SOURCE is not limited to the three known sources.
    Collector c;
    const QString source = env.value(QStringLiteral("LLM_SOURCE"), QString());
    const QString profile = profileKnown ? env.value(QStringLiteral("MODEL_PROFILE"), QString()) : QString();
    static const QHash<QString, QString> modelKey{{QStringLiteral("lm_studio"), QStringLiteral("LM_STUDIO_MODEL")},
                                                  {QStringLiteral("fastflow_amd"), QStringLiteral("FASTFLOW_MODEL")},
                                                  {QStringLiteral("ollama_docker"), QStringLiteral("OLLAMA_MODEL")}};
    if (!profile.isEmpty() && !QFileInfo(QDir(m_root).filePath(QStringLiteral("config/model_profiles/%1.json").arg(profile))).isFile())
        c.error(QStringLiteral("MODEL_PROFILE"), QStringLiteral("'%1' does not exist in config/model_profiles/").arg(profile));
    if (source.isEmpty()) {
        // Reported by the required-keys rule.
    } else if (!modelKey.contains(source)) {
        const QString message = QStringLiteral("must be lm_studio, fastflow_amd or ollama_docker (got '%1')").arg(source);
        if (profile.isEmpty())
            c.error(QStringLiteral("LLM_SOURCE"), message);
        else
            c.warning(QStringLiteral("LLM_SOURCE"), message + QStringLiteral("; accepted only because MODEL_PROFILE is set"));
    } else if (profile.isEmpty() && env.value(modelKey.value(source), QString()).isEmpty()) {
        c.error(modelKey.value(source),
                QStringLiteral("is required when LLM_SOURCE=%1 (or set MODEL_PROFILE to a file in config/model_profiles/)").arg(source));
    }
    out += c.out;
}

Findings SettingsValidator::validate(const EnvFile& env, std::optional<QFileDevice::Permissions> permissions) const
{
    Collector c;
    auto get = [&env](const QString& key) { return env.value(key, QString()); };
    auto isSet = [&env](const QString& key) { return !env.value(key, QString()).isEmpty(); };

    for (const QString& key : kRequired)
        if (!isSet(key))
            c.error(key, QStringLiteral("is required"));
    static const QRegularExpression projectRe(QStringLiteral("^[a-zA-Z0-9_-]+$"));
    if (isSet(QStringLiteral("PROJECT_NAME")) && !projectRe.match(get(QStringLiteral("PROJECT_NAME"))).hasMatch())
        c.error(QStringLiteral("PROJECT_NAME"), QStringLiteral("may only contain letters, digits, '_' and '-'"));
    for (const QString& key : kAbsolutePaths)
        if (isSet(key) && !QDir::isAbsolutePath(get(key)))
            c.error(key, QStringLiteral("must be an absolute path (got '%1')").arg(get(key)));

    for (const QString& key : {QStringLiteral("HOST_UID"), QStringLiteral("HOST_GID")}) {
        if (!isSet(key))
            continue;
        if (!isDigits(get(key)))
            c.error(key, QStringLiteral("must be numeric (got '%1')").arg(get(key)));
        else if (get(key).toLongLong() == 0)
            c.error(key, QStringLiteral("must not be 0: the agent never runs as root"));
    }

    const QString gh1 = get(QStringLiteral("GITHUB_TOKEN")), gh2 = get(QStringLiteral("GH_TOKEN"));
    if (!gh1.isEmpty() && !gh2.isEmpty() && gh1 != gh2)
        c.error(QStringLiteral("GH_TOKEN"), QStringLiteral("differs from GITHUB_TOKEN; when both are set they must be equal"));
    for (const QString& key : {QStringLiteral("GITHUB_TOKEN"), QStringLiteral("GH_TOKEN")})
        if (get(key).startsWith(QLatin1String("ghp_")))
            c.warning(key, QStringLiteral(
                               "is a classic GitHub token (ghp_...): SECURITY.md asks for a fine-grained token (github_pat_...) with minimum permissions"));

    const QStringList unknownKeys = keysUnknownToCheckout();
    checkLlm(env, !unknownKeys.contains(QStringLiteral("MODEL_PROFILE")), c.out);
    const QString profile = get(QStringLiteral("MODEL_PROFILE"));
    if (unknownKeys.contains(QStringLiteral("MODEL_PROFILE")) && !profile.isEmpty()
        && !QFileInfo(QDir(m_root).filePath(QStringLiteral("config/model_profiles/%1.json").arg(profile))).isFile())
        c.error(QStringLiteral("MODEL_PROFILE"), QStringLiteral("'%1' does not exist in config/model_profiles/").arg(profile));
    const QString host = get(QStringLiteral("LLM_HOST"));
    if (!host.isEmpty() && !isAcceptableHost(host))
        c.error(QStringLiteral("LLM_HOST"), QStringLiteral("must be a hostname or a dotted IPv4 address (got '%1')").arg(host));
    else if (!host.isEmpty() && !isHostOrIpv4(host))
        c.warning(QStringLiteral("LLM_HOST"), QStringLiteral("'%1' is neither a valid hostname nor an IPv4 address").arg(host));

    const std::optional<QStringList> allowed = checkAllowlists(c.out);
    for (const QString& key : kPorts) {
        if (!isSet(key))
            continue;
        const QString v = get(key);
        if (!isDigits(v) || v.startsWith(u'0') || v.toLongLong() < 1024 || v.toLongLong() > 65535)
            c.error(key, QStringLiteral("must be a port number from 1024 to 65535 (got '%1')").arg(v));
        else if (allowed && !allowed->contains(v))
            c.error(key, QStringLiteral("port %1 is not listed in config/port-allowlist.txt").arg(v));
    }

    const QString mode = env.value(QStringLiteral("OPERATION_MODE"), QString());
    if (!mode.isEmpty() && !SettingsTypes::parseMode(mode))
        c.error(QStringLiteral("OPERATION_MODE"), QStringLiteral("must be interactive, autonomous or conductor (got '%1')").arg(mode));
    if (SettingsTypes::parseMode(mode) == OperationMode::Autonomous && !isSet(QStringLiteral("TASK_FILE")))
        c.error(QStringLiteral("TASK_FILE"), QStringLiteral("is required when OPERATION_MODE=autonomous: it names the task the agent runs"));
    const QString ui = get(QStringLiteral("OPENCODE_INTERFACE"));
    if (!ui.isEmpty() && !SettingsTypes::parseInterface(ui))
        c.error(QStringLiteral("OPENCODE_INTERFACE"), QStringLiteral("must be web or tui (got '%1')").arg(ui));
    const QString egress = get(QStringLiteral("NETWORK_EGRESS"));
    if (!egress.isEmpty() && !SettingsTypes::parseEgress(egress))
        c.error(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("must be restricted or full (got '%1')").arg(egress));

    for (const QString& key : kBooleans)
        if (isSet(key) && !isBoolean(get(key)))
            c.error(key, QStringLiteral("must be true or false (got '%1')").arg(get(key)));
    for (const QString& key : kPositive)
        if (isSet(key) && !isPositiveInteger(get(key)))
            c.error(key, QStringLiteral("must be a positive integer of at most 9 digits (got '%1')").arg(get(key).left(40)));
    const QString ctx = get(QStringLiteral("MAX_CONTEXT_LENGTH"));
    if (!ctx.isEmpty() && (!isDigits(ctx) || ctx.toLongLong() < 1024))
        c.error(QStringLiteral("MAX_CONTEXT_LENGTH"), QStringLiteral("must be an integer of at least 1024 (got '%1')").arg(ctx));
    const QString gpu = get(QStringLiteral("OLLAMA_NUM_GPU"));
    if (!gpu.isEmpty() && !isDigits(gpu))
        c.error(QStringLiteral("OLLAMA_NUM_GPU"), QStringLiteral("must be a non-negative integer (got '%1')").arg(gpu));

    const QString seccomp = get(QStringLiteral("SECCOMP_PROFILE"));
    if (!seccomp.isEmpty() && seccomp != QLatin1String("unconfined") && !QFileInfo(QDir(m_root).filePath(seccomp)).isFile())
        c.error(QStringLiteral("SECCOMP_PROFILE"), QStringLiteral("must be 'unconfined' or an existing file; %1 not found").arg(seccomp));

    const QString mcp = get(QStringLiteral("MCP_CONFIG_FILE"));
    if (!mcp.isEmpty() && McpConfig::resolve(mcp, env, m_root).isEmpty())
        c.warning(QStringLiteral("MCP_CONFIG_FILE"), QStringLiteral("%1 was found in none of the checkout, the project and the shared path").arg(mcp));

    for (const QString& key : env.duplicateKeys())
        c.warning(key, QStringLiteral("is set more than once; the last line wins"));
    for (const Finding& f : EnvShellCheck::check(env))
        c.out.append(f);
    if (permissions && !isAcceptedMode(*permissions))
        c.warning(QStringLiteral(".env"), QStringLiteral("permissions should be 600, 400 or 640: it holds secrets (fix: sandbox-ctl fix-permissions)"));
    for (Finding& f : c.out) {
        if (f.severity == Finding::Severity::Error && unknownKeys.contains(f.key)) {
            f.severity = Finding::Severity::Warning;
            f.message += QStringLiteral(" (inert here: this checkout's validator and compose file do not use %1)").arg(f.key);
        }
    }
    return c.out;
}
