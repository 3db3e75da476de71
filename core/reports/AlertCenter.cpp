#include "AlertCenter.h"

QString Alert::severityName(Severity s)
{
    switch (s) {
    case Severity::Info: return QStringLiteral("info");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Critical: return QStringLiteral("critical");
    }
    return {};
}

QString Alert::kindName(Kind k)
{
    switch (k) {
    case Kind::PortscanWarning: return QStringLiteral("portscan_warning");
    case Kind::PortscanWarningsIncreased: return QStringLiteral("portscan_warnings_increased");
    case Kind::MemoryHigh: return QStringLiteral("memory_high");
    case Kind::ReportRewritten: return QStringLiteral("report_rewritten");
    case Kind::ReportSilent: return QStringLiteral("report_silent");
    case Kind::ReportFileChanged: return QStringLiteral("report_file_changed");
    case Kind::ReportReadError: return QStringLiteral("report_read_error");
    }
    return {};
}

QJsonObject Alert::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), static_cast<qint64>(id)},
                  {QStringLiteral("time"), time.toUTC().toString(Qt::ISODate)},
                  {QStringLiteral("severity"), severityName(severity)},
                  {QStringLiteral("kind"), kindName(kind)},
                  {QStringLiteral("title"), title},
                  {QStringLiteral("detail"), detail},
                  {QStringLiteral("acknowledged"), acknowledged}};
    if (ref.isValid())
        o.insert(QStringLiteral("record"),
                 QJsonObject{{QStringLiteral("file"), ref.file}, {QStringLiteral("offset"), ref.offset}, {QStringLiteral("seq"), ref.seq}});
    return o;
}

AlertCenter::AlertCenter(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<Alert>();
}

quint64 AlertCenter::raise(Alert alert)
{
    alert.id = m_nextId++;
    if (!alert.time.isValid())
        alert.time = QDateTime::currentDateTimeUtc();
    if (alert.severity == Alert::Severity::Info)
        alert.acknowledged = true;
    m_alerts.append(alert);
    int dropped = 0;
    while (m_alerts.size() > m_capacity) {
        if (!m_alerts.first().acknowledged)
            --m_unacknowledged;
        m_alerts.removeFirst();
        ++dropped;
    }
    if (dropped)
        Q_EMIT alertsDropped(dropped);
    Q_EMIT alertRaised(alert);
    if (!alert.acknowledged) {
        ++m_unacknowledged;
        Q_EMIT unacknowledgedCountChanged(m_unacknowledged);
    }
    return alert.id;
}

const Alert* AlertCenter::find(quint64 id) const
{
    for (const Alert& a : m_alerts)
        if (a.id == id)
            return &a;
    return nullptr;
}

bool AlertCenter::acknowledge(quint64 id)
{
    for (Alert& a : m_alerts) {
        if (a.id == id) {
            if (a.acknowledged)
                return false;
            a.acknowledged = true;
            --m_unacknowledged;
            Q_EMIT alertAcknowledged(id);
            Q_EMIT unacknowledgedCountChanged(m_unacknowledged);
            return true;
        }
    }
    return false;
}

void AlertCenter::acknowledgeAll()
{
    if (m_unacknowledged == 0)
        return;
    for (Alert& a : m_alerts) {
        if (!a.acknowledged) {
            a.acknowledged = true;
            Q_EMIT alertAcknowledged(a.id);
        }
    }
    m_unacknowledged = 0;
    Q_EMIT unacknowledgedCountChanged(0);
}
