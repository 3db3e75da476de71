// bench_check [FILES]: `sandbox-ctl check` against the checkout's own scripts/security_check.sh
// on the same generated checkout (a scratch copy of the reference plus FILES text files, 10,000
// by default, no secret in them so every step runs). Prints the median of 3 runs of each, and
// the ratio. Both need a compose v2 (`docker compose`); DOCKER_CONFIG may point at the plugin.
#include "CheckScratch.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include "SandboxTestPaths.h"
#include <algorithm>
#include <cstdio>

namespace {
void generate(const QString& root, int files)
{
    for (int i = 0; i < files; ++i) {
        QByteArray text;
        const int lines = 20 + (i % 7) * 30;
        for (int l = 0; l < lines; ++l)
            text += "line " + QByteArray::number(l) + " of file " + QByteArray::number(i) + ": some ordinary source text, sk-short and eyJ-ish\n";
        CheckScratch::write(QStringLiteral("%1/gen/d%2/e%3/f%4.txt").arg(root).arg(i % 50).arg(i % 13).arg(i), text);
    }
}

/// Milliseconds of one run; -1 when it did not exit as \a expectedExit.
qint64 timeRun(const QString& root, const QString& program, const QStringList& args, int expectedExit)
{
    QProcess p;
    p.setWorkingDirectory(root);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CONFIG_FILE"), QStringLiteral(".env"));
    p.setProcessEnvironment(env);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    p.waitForFinished(600000);
    const qint64 ms = t.elapsed();
    if (p.exitCode() != expectedExit) {
        std::fprintf(stderr, "%s exited %d:\n%s%s\n", qPrintable(program), p.exitCode(), p.readAllStandardOutput().right(800).constData(),
                     p.readAllStandardError().right(800).constData());
        return -1;
    }
    return ms;
}

qint64 median(QList<qint64> v)
{
    std::sort(v.begin(), v.end());
    return v.at(v.size() / 2);
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int files = argc > 1 ? std::atoi(argv[1]) : 10000;
    QTemporaryDir dir;
    if (!CheckScratch::make(dir.path())) {
        std::fprintf(stderr, "bench_check: cannot copy %s\n", SANDBOX_REFERENCE_LATEST_DIR);
        return 1;
    }
    generate(dir.path(), files);
    QList<qint64> script, ctl;
    for (int i = 0; i < 3; ++i) {
        script << timeRun(dir.path(), dir.path() + QStringLiteral("/scripts/security_check.sh"), {}, 0);
        ctl << timeRun(dir.path(), QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), dir.path(), QStringLiteral("check")}, 0);
    }
    if (script.contains(-1) || ctl.contains(-1))
        return 1;
    const qint64 s = median(script), c = median(ctl);
    std::printf("checkout: reference + %d generated files\n", files);
    std::printf("security_check.sh   median %6lld ms  (runs %lld %lld %lld)\n", s, script[0], script[1], script[2]);
    std::printf("sandbox-ctl check   median %6lld ms  (runs %lld %lld %lld)\n", c, ctl[0], ctl[1], ctl[2]);
    std::printf("ratio script/ctl    %.2fx\n", c > 0 ? double(s) / double(c) : 0.0);
    return 0;
}
