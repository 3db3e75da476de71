// sandbox-ctl: the command-line face of the core (CLI.md).
#include "CtlCommand.h"

#include "core/appconfig/AppConfig.h"
#include "core/fileio/RegularFile.h"
#include "core/logging/Logging.h"
#include "core/settings/EnvValues.h"
#include "core/text/VisibleText.h"

#include <QCoreApplication>
#include <QDir>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

static const char kUsage[] = "usage: sandbox-ctl [--sandbox DIR] [--json] ";

static void printHelp(QTextStream& out)
{
    out << kUsage << "COMMAND [ARGS]\n\ncommands:\n";
    auto list = CtlRegistry::commands();
    list.push_back({QStringLiteral("help"), QStringLiteral("help [COMMAND]"), {}});
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& c : list)
        out << "  " << c.synopsis << '\n';
    out.flush();
}

/// `sandbox-ctl COMMAND --help` and `sandbox-ctl help COMMAND`: the command's usage line.
static void printCommandHelp(QTextStream& out, const CtlCommandInfo& info)
{
    out << kUsage << info.synopsis << '\n';
    out.flush();
}

/// True when \a args ask for help before any "--" (after it, "--help" is an entry).
static bool asksHelp(const QStringList& args)
{
    for (const QString& a : args) {
        if (a == QLatin1String("--"))
            return false;
        if (a == QLatin1String("--help") || a == QLatin1String("-h"))
            return true;
    }
    return false;
}

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sandbox-ctl"));
    QCoreApplication::setOrganizationName(QStringLiteral("sandbox-panel"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SANDBOX_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    Logging::initForCli();

    QStringList args = app.arguments().mid(1);
    QString sandboxDir;
    bool json = false;
    QString command;
    QStringList rest;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (a == QLatin1String("--version") && command.isEmpty()) {
            out << "sandbox-ctl " << SANDBOX_VERSION << Qt::endl;
            return ExitOk;
        } else if ((a == QLatin1String("--help") || a == QLatin1String("-h")) && command.isEmpty()) {
            printHelp(out);
            return ExitOk;
        } else if (a == QLatin1String("--sandbox")) {
            if (++i >= args.size()) {
                err << "sandbox-ctl: --sandbox needs a folder" << Qt::endl;
                return ExitUsage;
            }
            sandboxDir = args.at(i);
        } else if (a.startsWith(QLatin1String("--sandbox="))) {
            sandboxDir = a.mid(10);
        } else if (a == QLatin1String("--json")) {
            json = true;
        } else if (command.isEmpty() && !a.startsWith(QLatin1Char('-'))) {
            command = a;
        } else {
            rest << a;
        }
    }
    if (command.isEmpty()) {
        printHelp(err);
        return ExitUsage;
    }
    // help needs no checkout: it answers anywhere, with the same text as --help.
    if (command == QLatin1String("help")) {
        if (rest.isEmpty()) {
            printHelp(out);
            return ExitOk;
        }
        const CtlCommandInfo* about = rest.size() == 1 ? CtlRegistry::find(rest.first()) : nullptr;
        if (!about) {
            err << "sandbox-ctl: "
                << (rest.size() == 1 ? QStringLiteral("unknown command '%1'").arg(VisibleText::escape(rest.first())) : QStringLiteral("help takes one COMMAND"))
                << " (see sandbox-ctl --help)" << Qt::endl;
            return ExitUsage;
        }
        printCommandHelp(out, *about);
        return ExitOk;
    }
    const CtlCommandInfo* info = CtlRegistry::find(command);
    if (!info) {
        err << "sandbox-ctl: unknown command '" << VisibleText::escape(command) << "' (see sandbox-ctl --help)" << Qt::endl;
        return ExitUsage;
    }
    if (asksHelp(rest)) {
        printCommandHelp(out, *info);
        return ExitOk;
    }
    if (sandboxDir.isEmpty())
        sandboxDir = AppConfig::load().sandboxPath;
    if (sandboxDir.isEmpty())
        sandboxDir = QDir::currentPath();

    CtlContext ctx{Checkout(sandboxDir), json, rest, out, err};
    QString why = RegularFile::pathProblem(ctx.checkout.envFile());
    if (!why.isEmpty()) {
        err << "sandbox-ctl: the sandbox folder cannot be used: " << VisibleText::escape(why) << Qt::endl;
        return ExitUsage;
    }
    if (!ctx.checkout.looksValid(&why)) {
        err << "sandbox-ctl: " << VisibleText::escape(why) << Qt::endl;
        return ExitUsage;
    }
    // Every secret value of .env is masked in whatever the command prints or writes (audit reasons, reports).
    EnvValues::load(ctx.checkout.envFile()).registerSecrets();
    const int code = info->run(ctx);
    out.flush();
    err.flush();
    // Output that could not be written (a full disk, a closed pipe) is a failure, not "done".
    if (out.status() != QTextStream::Ok || std::fflush(stdout) != 0 || std::ferror(stdout)) {
        err << "sandbox-ctl: cannot write the output: " << std::strerror(errno) << Qt::endl;
        return code == ExitOk ? ExitFailed : code;
    }
    return code;
}
