#pragma once

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>

/// Runs blocking work (disk reads, the checkout lock, safe writes) on a short-lived thread of its
/// own and hands the result to \a context's thread, so a window never waits on a disk. The
/// answer is dropped when \a context is gone by then. \a work must not touch \a context.
namespace OffThread {
template<typename T> void run(QObject* context, std::function<T()> work, std::function<void(const T&)> then)
{
    auto result = std::make_shared<std::optional<T>>();
    QThread* thread = QThread::create([result, work = std::move(work)] { result->emplace(work()); });
    QObject::connect(thread, &QThread::finished, context, [result, then = std::move(then)] {
        if (*result)
            then(**result);
    });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}
} // namespace OffThread
