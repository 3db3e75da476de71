#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QStringList>

/// Watches files and folders across atomic replaces: a rename over a file (an editor's save,
/// SafeWrite) drops it from QFileSystemWatcher, so every event adds the files again before
/// changed() is emitted. Files and folders that do not exist yet are picked up on the next event.
class FileWatch : public QObject {
    Q_OBJECT
public:
    FileWatch(const QStringList& files, const QStringList& folders, QObject* parent = nullptr);

    /// Adds back any watched file or folder that exists and is no longer (or not yet) watched.
    void rewatch();

Q_SIGNALS:
    void changed();

private:
    QFileSystemWatcher m_watcher;
    QStringList m_files;
    QStringList m_folders;
};
