#pragma once

#include "DemoSandbox.h"
#include "TestEngine.h"

#include "core/docker/EngineClient.h"
#include "core/docker/StackMonitor.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

/// Median of \a v (sorted copy).
inline double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/// Runs the event loop until \a done() or \a timeoutMs.
template<typename F> bool waitFor(F done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

/// Brings a private demo stack up and waits until \a monitor says running. Prints why not.
inline bool demoRunning(DemoSandbox& demo, StackMonitor& monitor)
{
    if (!TestEngine::activate()) {
        std::fprintf(stderr, "no Docker engine reachable\n");
        return false;
    }
    if (!demo.isValid() || !demo.up()) {
        std::fprintf(stderr, "demo up failed: %s\n", qPrintable(demo.error()));
        return false;
    }
    monitor.start();
    if (!waitFor([&] { return monitor.state() == StackState::Running; }, 120000)) {
        std::fprintf(stderr, "demo did not reach running (state %s)\n", qPrintable(monitor.stateName()));
        return false;
    }
    return true;
}
