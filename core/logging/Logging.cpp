#include "Logging.h"

#include "Redaction.h"

#include <QDir>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace {
/// Forwards each message to its inner sinks with secrets masked.
class RedactingSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit RedactingSink(std::vector<spdlog::sink_ptr> inner)
        : m_inner(std::move(inner))
    {
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override
    {
        const std::string clean = Redaction::redact(std::string(msg.payload.data(), msg.payload.size()));
        spdlog::details::log_msg copy(msg.time, msg.source, msg.logger_name, msg.level, clean);
        for (auto& s : m_inner) {
            if (s->should_log(copy.level))
                s->log(copy);
        }
    }
    void flush_() override
    {
        for (auto& s : m_inner)
            s->flush();
    }

private:
    std::vector<spdlog::sink_ptr> m_inner;
};

void install(std::vector<spdlog::sink_ptr> sinks, spdlog::level::level_enum level)
{
    auto sink = std::make_shared<RedactingSink>(std::move(sinks));
    auto logger = std::make_shared<spdlog::logger>("sandbox", sink);
    logger->set_level(level);
    logger->flush_on(spdlog::level::trace); // every line: a killed panel leaves its whole log
    spdlog::set_default_logger(logger);
}
} // namespace

namespace Logging {

QString stateDir()
{
    QString base = qEnvironmentVariable("XDG_STATE_HOME");
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.local/state");
    return base + QStringLiteral("/sandbox-panel");
}

void initForPanel()
{
    std::vector<spdlog::sink_ptr> sinks;
    auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    err->set_level(spdlog::level::info);
    sinks.push_back(err);
    if (QDir().mkpath(stateDir())) {
        try {
            const std::string file = (stateDir() + QStringLiteral("/sandbox-panel.log")).toStdString();
            sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file, 5 * 1024 * 1024, 3));
        } catch (const spdlog::spdlog_ex& e) {
            err->log(spdlog::details::log_msg("sandbox", spdlog::level::warn, std::string("no log file: ") + e.what()));
        }
    }
    install(std::move(sinks), spdlog::level::debug);
}

void initForCli()
{
    auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    err->set_level(spdlog::level::warn);
    install({err}, spdlog::level::warn);
}

} // namespace Logging
