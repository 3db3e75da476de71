#pragma once

#include <QObject>

class QLocalServer;

/// One panel per user and sandbox: a second start asks the first to raise its window and exits.
class SingleInstance : public QObject {
    Q_OBJECT
public:
    explicit SingleInstance(const QString& key, QObject* parent = nullptr);
    /// True when another instance answered (and was asked to show itself).
    bool notifyRunning();
    /// Starts listening; raiseRequested() fires when a later instance starts.
    void listen();

Q_SIGNALS:
    void raiseRequested();

private:
    QString m_name;
    QLocalServer* m_server = nullptr;
};
