#pragma once

#include <QJsonArray>
#include <QList>
#include <QString>

/// Who holds a host port: a container (which one, of which compose project) or a process of this
/// machine (pid and command, when this user may see them).
struct PortHolder {
    enum class Kind { Container, Process };
    Kind kind = Kind::Process;
    QString container;  ///< container name
    QString project;    ///< its compose project (com.docker.compose.project), empty if none
    QString service;    ///< its compose service
    QString workingDir; ///< its compose project's folder (com.docker.compose.project.working_dir)
    QString image;
    qint64 pid = 0;  ///< 0: the process could not be seen (no permission to read /proc/PID/fd)
    QString command; ///< the process's command line, shortened
    /// "process 4242 (python3 -m http.server) on this machine", "container x (compose project y,
    /// another sandbox checkout in /dir)"; \a ownProject marks this stack's own containers.
    QString describe(const QString& ownProject) const;
};

namespace PortHolders {
/// Do \a a and \a b overlap as bind addresses (equal, or either a wildcard)?
bool addressesOverlap(const QString& a, const QString& b);
/// Processes listening on TCP \a port on an address overlapping \a hostIp, from
/// \a procRoot/net/tcp and tcp6 and the socket links in \a procRoot/PID/fd.
QList<PortHolder> processes(int port, const QString& hostIp, const QString& procRoot = QStringLiteral("/proc"));
/// Containers of a GET /containers/json answer that publish \a port on an overlapping address.
QList<PortHolder> containers(const QJsonArray& running, int port, const QString& hostIp);
/// The holders of one port: the containers, else the processes (the engine's docker-proxy of a
/// container that publishes the port is the container, not a process of its own).
QList<PortHolder> merge(const QList<PortHolder>& containers, const QList<PortHolder>& processes);
/// "in use by process 4242 (python3 …) on this machine"; "in use" when the holder is not visible.
QString describe(const QList<PortHolder>& holders, const QString& ownProject);
} // namespace PortHolders
