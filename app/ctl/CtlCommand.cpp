#include "CtlCommand.h"

#include "core/appconfig/AppConfig.h"
#include "core/sandbox/Sandbox.h"
#include "core/text/VisibleText.h"

CtlContext::CtlContext(const Checkout& checkout, bool json, const QStringList& args, QTextStream& out, QTextStream& err)
    : checkout(checkout)
    , json(json)
    , args(args)
    , out(out)
    , err(err)
{
}

CtlContext::~CtlContext() = default;

Sandbox& CtlContext::sandbox()
{
    if (!m_sandbox)
        m_sandbox = std::make_unique<Sandbox>(checkout, AppConfig::load());
    return *m_sandbox;
}

bool CtlContext::takeFlag(const QString& flag)
{
    return args.removeAll(flag) > 0;
}

QString CtlContext::takeOption(const QString& name, bool* missing)
{
    const qsizetype i = args.indexOf(name);
    if (i < 0)
        return {};
    if (i + 1 >= args.size()) {
        if (missing)
            *missing = true;
        args.removeAt(i);
        return {};
    }
    const QString value = args.at(i + 1);
    args.remove(i, 2);
    return value;
}

int CtlContext::usage(const QString& message)
{
    err << "sandbox-ctl: " << VisibleText::escape(message) << Qt::endl; // it may quote an argument
    return ExitUsage;
}

std::vector<CtlCommandInfo>& CtlRegistry::commands()
{
    static std::vector<CtlCommandInfo> list;
    return list;
}

const CtlCommandInfo* CtlRegistry::find(const QString& name)
{
    for (const auto& c : commands()) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

CtlRegistration::CtlRegistration(const QString& name, const QString& synopsis, CtlHandler run)
{
    CtlRegistry::commands().push_back({name, synopsis, std::move(run)});
}

int exitFor(const WriteResult& result)
{
    switch (result.status) {
    case WriteResult::Status::Ok: return ExitOk;
    case WriteResult::Status::Refused: return ExitProblems;
    case WriteResult::Status::ChangedOnDisk:
    case WriteResult::Status::Busy: return ExitRefused;
    case WriteResult::Status::IoError: break;
    }
    return ExitFailed;
}
