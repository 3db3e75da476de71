#include "FileWatch.h"

#include <QFileInfo>

FileWatch::FileWatch(const QStringList& files, const QStringList& folders, QObject* parent)
    : QObject(parent)
    , m_files(files)
    , m_folders(folders)
{
    rewatch();
    const auto onEvent = [this] {
        rewatch();
        Q_EMIT changed();
    };
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, onEvent);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, onEvent);
}

void FileWatch::rewatch()
{
    const QStringList watched = m_watcher.files();
    for (const QString& f : m_files)
        if (QFileInfo::exists(f) && !watched.contains(f))
            m_watcher.addPath(f);
    const QStringList folders = m_watcher.directories();
    for (const QString& d : m_folders)
        if (QFileInfo(d).isDir() && !folders.contains(d))
            m_watcher.addPath(d);
}
