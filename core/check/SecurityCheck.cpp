#include "core/check/SecurityCheck.h"

#include "core/allowlist/RiskAssessor.h"
#include "core/check/CheckoutRules.h"
#include "core/compose/AsyncProcess.h"
#include "core/compose/ComposeTool.h"
#include "core/fileio/RegularFile.h"
#include "core/logging/Redaction.h"
#include "core/mcp/McpReviews.h"
#include "core/settings/Settings.h"
#include "core/text/VisibleText.h"

#include <QPointer>

#include <algorithm>

namespace {
constexpr qint64 kMaxBytes = 16 * 1024 * 1024;
constexpr int kComposeTimeoutMs = 60000;
using St = CheckStep::Status;

QByteArray readFile(const Checkout& c, const char* rel)
{
    return RegularFile::read(c.path(QString::fromLatin1(rel)), kMaxBytes).bytes;
}

void verdict(CheckStep& s, bool ok, const QString& message)
{
    s.status = ok ? St::Pass : St::Fail;
    if (!ok)
        s.message = message;
}
} // namespace

QString CheckStep::statusName() const
{
    return status == Status::Pass ? QStringLiteral("PASS") : status == Status::Fail ? QStringLiteral("FAIL") : QStringLiteral("PENDING");
}

SecurityCheck::SecurityCheck(const Checkout& checkout, QObject* parent)
    : QObject(parent)
    , m_checkout(checkout)
{
}

CheckStep& SecurityCheck::step(const QString& id)
{
    for (CheckStep& s : m_steps)
        if (s.id == id)
            return s;
    Q_UNREACHABLE();
}

bool SecurityCheck::passed() const
{
    return !m_steps.isEmpty() && !firstFailure() && std::all_of(m_steps.begin(), m_steps.end(), [](const CheckStep& s) { return s.status == St::Pass; });
}

const CheckStep* SecurityCheck::firstFailure() const
{
    for (const CheckStep& s : m_steps)
        if (s.status == St::Fail)
            return &s;
    return nullptr;
}

void SecurityCheck::start()
{
    if (m_running)
        return;
    m_running = true;
    m_done = 0;
    m_steps = {{QStringLiteral("validation"), tr("settings are valid"), St::Pending, {}, {}, {}},
               {QStringLiteral("compose-config"), tr("compose config renders with the .env"), St::Pending, {}, {}, {}},
               {QStringLiteral("dockerfile-user"), tr("the Dockerfile ends as USER agent"), St::Pending, {}, {}, {}},
               {QStringLiteral("apt-pattern"), tr("no broad apt-get install *"), St::Pending, {}, {}, {}},
               {QStringLiteral("ports-loopback"), tr("ports bound to 127.0.0.1"), St::Pending, {}, {}, {}},
               {QStringLiteral("read-only"), tr("workspace read_only: true"), St::Pending, {}, {}, {}},
               {QStringLiteral("seccomp"), tr("workspace seccomp profile"), St::Pending, {}, {}, {}}};
    m_steps.append({QStringLiteral("mcp"), tr("MCP servers as the workspace will load them"), St::Pending, {}, {}, {}});
    m_steps.append({QStringLiteral("secret-coverage"), tr("secret scan read every file"), St::Pending, {}, {}, {}});
    for (const SecretPattern& p : SecretPatterns::all())
        m_steps.append({QStringLiteral("secret:") + p.id, tr("secret scan: %1").arg(p.id), St::Pending, {}, {}, {}});
    const int total = int(m_steps.size());

    Settings settings(m_checkout.envFile(), m_checkout.root());
    settings.load(); // registers the secrets with Redaction: compose output is redacted
    CheckStep& v = step(QStringLiteral("validation"));
    for (const Finding& f : settings.validate())
        if (f.isError())
            v.details.append(VisibleText::escape(f.toString()));
    verdict(v, v.details.isEmpty(), v.details.value(0));
    Q_EMIT progress(++m_done, total, v.title);

    QPointer<SecurityCheck> self(this);
    const QString envFile = m_checkout.envFile();
    ComposeTool::detectAsync(this, [self, envFile, total](std::optional<ComposeTool> tool, const QString& why) {
        if (!self)
            return;
        if (!tool) {
            CheckStep& c = self->step(QStringLiteral("compose-config"));
            verdict(c, false, tr("no compose tool: %1").arg(why));
            Q_EMIT self->progress(++self->m_done, total, c.title);
            self->runStatic();
            return;
        }
        const QStringList args = tool->arguments(self->m_checkout.composeProjectName(), {QStringLiteral("--env-file"), envFile, QStringLiteral("config")});
        runAsync(
            self, tool->program(), args, QProcessEnvironment::systemEnvironment(), kComposeTimeoutMs,
            [self, total](int code, const QString& output) {
                if (!self)
                    return;
                CheckStep& c = self->step(QStringLiteral("compose-config"));
                verdict(c, code == 0, tr("compose config failed (exit %1)").arg(code));
                if (code != 0)
                    for (const QString& line : output.split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(0, 20))
                        c.details.append(VisibleText::escape(Redaction::redact(line)));
                Q_EMIT self->progress(++self->m_done, total, c.title);
                self->runStatic();
            },
            self->m_checkout.root());
    });
}

void SecurityCheck::runStatic()
{
    const int total = int(m_steps.size());
    const auto done = [&](CheckStep& s) { Q_EMIT progress(++m_done, total, s.title); };

    CheckStep& user = step(QStringLiteral("dockerfile-user"));
    verdict(user, CheckoutRules::dockerfileEndsAsAgent(readFile(m_checkout, "Dockerfile")),
            QStringLiteral("Error: Dockerfile must end runtime stages as USER agent."));
    done(user);

    CheckStep& apt = step(QStringLiteral("apt-pattern"));
    apt.findings = CheckoutRules::broadAptInstall(m_checkout.root());
    verdict(apt, apt.findings.isEmpty(), QStringLiteral("Error: broad apt-get sudo/install pattern detected."));
    done(apt);

    const QByteArray compose = readFile(m_checkout, "docker-compose.yml");
    CheckStep& ports = step(QStringLiteral("ports-loopback"));
    const RiskContext ctx = RiskContext::load(m_checkout.root());
    const QString portProblem = ctx.composeError.isEmpty() ? CheckoutRules::portsProblem(ctx.published) : ctx.composeError;
    verdict(ports, portProblem.isEmpty(), QStringLiteral("Error: compose ports must bind to 127.0.0.1."));
    if (!portProblem.isEmpty())
        ports.details.append(VisibleText::escape(portProblem));
    done(ports);

    CheckStep& ro = step(QStringLiteral("read-only"));
    verdict(ro, CheckoutRules::workspaceReadOnly(compose), QStringLiteral("Error: compose workspace must use read_only: true."));
    done(ro);
    CheckStep& sec = step(QStringLiteral("seccomp"));
    verdict(sec, CheckoutRules::workspaceSeccomp(compose), QStringLiteral("Error: compose workspace must reference a seccomp profile."));
    done(sec);

    // The MCP review's findings (inline secrets, a file the agent can write, bad JSON): warnings
    // the summary names; the script has no such step, so they never fail the check.
    CheckStep& mcp = step(QStringLiteral("mcp"));
    McpReviews reviews(m_checkout);
    QString mcpError;
    reviews.load(&mcpError);
    for (const McpFinding& f : reviews.findings())
        if (f.severity != McpFinding::Severity::Info)
            mcp.details.append(QStringLiteral("warning: %1%2").arg(f.server.isEmpty() ? QString() : f.server + QStringLiteral(": "), f.message));
    if (!mcpError.isEmpty())
        mcp.details.append(QStringLiteral("warning: %1").arg(mcpError));
    mcp.status = St::Pass;
    done(mcp);

    Settings settings(m_checkout.envFile(), m_checkout.root());
    settings.load();
    const bool strict = settings.value(QStringLiteral("SECRET_SCAN_STRICT"), QStringLiteral("true")) == QLatin1String("true");
    const SecretScan::Result scan = SecretScan::scan(m_checkout.root(), strict);
    m_filesScanned = scan.filesScanned;
    // No false pass: what the scan could not read is not called clean.
    CheckStep& coverage = step(QStringLiteral("secret-coverage"));
    verdict(coverage, scan.errors.isEmpty(), tr("Error: %n file(s) could not be scanned for secrets.", nullptr, int(scan.errors.size())));
    coverage.details.append(scan.errors);
    done(coverage);
    for (const SecretPattern& p : SecretPatterns::all()) {
        CheckStep& s = step(QStringLiteral("secret:") + p.id);
        for (const SecretFinding& f : scan.findings)
            if (f.patternId == p.id)
                s.findings.append(f);
        verdict(s, s.findings.isEmpty(), p.message);
        if (p.strictOnly && !strict)
            s.details.append(tr("not checked: SECRET_SCAN_STRICT=false"));
        done(s);
    }
    finish();
}

QStringList SecurityCheck::warnings() const
{
    QStringList out;
    for (const CheckStep& s : m_steps)
        for (const QString& d : s.details)
            if (s.status == St::Pass && d.startsWith(QLatin1String("warning: ")))
                out << s.id + QStringLiteral(": ") + d.mid(9);
    return out;
}

QString SecurityCheck::passedSummary() const
{
    const QStringList w = warnings();
    if (w.isEmpty())
        return tr("Security checks passed.");
    return tr("Security checks passed, with %n warning(s): %1", nullptr, int(w.size())).arg(w.join(QStringLiteral("; ")));
}

void SecurityCheck::finish()
{
    m_running = false;
    Q_EMIT finished();
}
