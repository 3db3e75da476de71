#pragma once

#include "core/checkout/Checkout.h"

#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>

/// A private copy of resources/demo-sandbox for one test: its own compose project name,
/// container names and free loopback ports, so tests never collide with each other or with a
/// real sandbox. Brings its stack down (with volumes) when destroyed.
class DemoSandbox {
public:
    /// What the copy is made from: the bundled demo, or a scratch copy of a reference checkout
    /// (../shared/reference/sandbox or sandbox-latest) whose docker-compose.yml stays untouched;
    /// only its Dockerfile is replaced by one built FROM the local demo base image (the real
    /// OpenCode) with the demo's entrypoint and monitors, and .env is made from its .env.example.
    enum class Source { Demo, ReferenceOlder, ReferenceLatest };
    explicit DemoSandbox(Source source = Source::Demo);
    /// The reference checkout folder of \a source (empty for Demo).
    static QString referenceDir(Source source);
    /// Adds to a scratch copy of a reference checkout the files the stored fixture lacks but its
    /// compose file names (the older one's config/seccomp-workspace.json).
    static void completeReferenceCopy(const QString& root);
    ~DemoSandbox();
    DemoSandbox(const DemoSandbox&) = delete;
    DemoSandbox& operator=(const DemoSandbox&) = delete;

    bool isValid() const { return m_dir.isValid() && m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString root() const { return m_dir.path(); }
    Checkout checkout() const { return Checkout(m_dir.path()); }
    QString projectName() const { return m_project; }
    QString workspaceContainer() const { return m_source == Source::Demo ? m_project + QStringLiteral("-workspace") : QStringLiteral("opencode-workspace"); }
    QString llmContainer() const { return m_source == Source::Demo ? m_project + QStringLiteral("-llm") : QStringLiteral("opencode-llm"); }
    /// The project's host logs folder (PROJECTS_ROOT_PATH/PROJECT_NAME/logs).
    QString projectLogsDir() const;
    int port(const QString& key) const { return m_ports.value(key); }

    /// Rewrites KEY=value in the copy's .env (appends when missing). Test-side helper only.
    void setEnv(const QString& key, const QString& value);

    /// Runs the compose tool in the checkout like the Makefile does. Returns exit code (-1: did not run).
    int compose(const QStringList& args, QString* output = nullptr, int timeoutMs = 180000) const;
    /// `up -d --build` with the local-llm profile; false with the output in error().
    bool up();
    bool down();

private:
    bool prepareReference();
    QString projectFolderName() const;

    Source m_source = Source::Demo;
    QTemporaryDir m_dir;
    QString m_project;
    QString m_error;
    QHash<QString, int> m_ports;
};

/// Runs \a program with \a args (no shell). Returns the exit code, or -1 if it failed to run.
/// \a env, when not empty, replaces the environment.
int runProgram(const QString& program, const QStringList& args, QString* output = nullptr, int timeoutMs = 60000, const QString& workingDir = {},
               const QProcessEnvironment& env = QProcessEnvironment());
