#pragma once

#include <QObject>

class QSocketNotifier;

/// Turns SIGTERM, SIGINT and SIGHUP into a Qt signal on the event loop (a self-pipe), so a
/// program killed politely quits through its normal path: windows close, logs flush.
class TerminationSignals : public QObject {
    Q_OBJECT
public:
    explicit TerminationSignals(QObject* parent = nullptr);
    ~TerminationSignals() override;

Q_SIGNALS:
    /// \a name: "SIGTERM", "SIGINT" or "SIGHUP".
    void received(const QString& name);

private:
    QSocketNotifier* m_notifier = nullptr;
};
