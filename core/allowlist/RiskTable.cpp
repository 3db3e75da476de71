#include "core/allowlist/RiskTable.h"

namespace {
using L = RiskNote::Level;

// Packages that widen what the agent can do. Rows ending in '*' match a prefix.
const RiskTable::Row kPackages[] = {
    // Network listeners, scanners, sniffers, tunnels.
    {"netcat", L::High, "network tool: opens raw TCP/UDP listeners and connections (reverse shells, exfiltration)"},
    {"netcat-openbsd", L::High, "network tool: opens raw TCP/UDP listeners and connections (reverse shells, exfiltration)"},
    {"netcat-traditional", L::High, "network tool: netcat with -e, runs a program on a socket (reverse shell)"},
    {"ncat", L::High, "network tool: nmap's netcat with -e/--exec and TLS tunnels"},
    {"socat", L::High, "network tool: relays arbitrary sockets, PTYs and files (tunnels, reverse shells)"},
    {"nmap", L::High, "network scanner: maps hosts and services reachable from the sandbox"},
    {"masscan", L::High, "network scanner: fast scans of whole address ranges"},
    {"arp-scan", L::High, "network scanner: discovers hosts on the local segment"},
    {"hping3", L::High, "packet crafter: arbitrary TCP/IP packets, scans, floods"},
    {"tcpdump", L::High, "packet sniffer: captures traffic on the container's interfaces"},
    {"tshark", L::High, "packet sniffer: captures and decodes network traffic"},
    {"wireshark*", L::High, "packet sniffer: captures and decodes network traffic"},
    {"ettercap*", L::High, "man-in-the-middle tool for the local network"},
    {"telnet", L::Warning, "cleartext remote login client; also a raw TCP client"},
    {"telnetd", L::High, "remote login server in clear text"},
    {"openssh-server", L::High, "SSH server: remote logins and port forwarding into the sandbox"},
    {"dropbear*", L::High, "SSH server: remote logins and port forwarding into the sandbox"},
    {"openvpn", L::High, "VPN: tunnels traffic past the sandbox's network restrictions"},
    {"wireguard*", L::High, "VPN: tunnels traffic past the sandbox's network restrictions"},
    {"tor", L::High, "anonymising proxy: hides where the sandbox's traffic goes"},
    {"proxychains*", L::Warning, "routes any program through proxies"},
    {"iptables", L::Warning, "firewall tool: changes packet filtering (needs NET_ADMIN)"},
    {"nftables", L::Warning, "firewall tool: changes packet filtering (needs NET_ADMIN)"},
    {"ftp", L::Warning, "cleartext file transfer client (exfiltration path)"},
    {"lftp", L::Warning, "file transfer client for FTP/SFTP/HTTP (exfiltration path)"},
    {"rclone", L::Warning, "syncs files to cloud storage (exfiltration path)"},
    // Privilege tools.
    {"sudo", L::High, "privilege tool: runs commands as root when sudoers allows it"},
    {"doas", L::High, "privilege tool: runs commands as another user"},
    {"policykit-1", L::High, "privilege tool: polkit and pkexec (CVE-2021-4034 class of bugs)"},
    {"polkitd", L::High, "privilege tool: polkit daemon and pkexec"},
    {"pkexec", L::High, "privilege tool: runs programs as root through polkit"},
    {"libcap2-bin", L::Warning, "setcap/getcap: grants file capabilities"},
    {"fuse*", L::Warning, "user-space filesystems: mounts inside the sandbox"},
    // Tracers and debuggers.
    {"gdb", L::Warning, "debugger: attaches to processes and reads their memory (ptrace)"},
    {"lldb*", L::Warning, "debugger: attaches to processes and reads their memory (ptrace)"},
    {"strace", L::Warning, "tracer: follows another process's system calls and data (ptrace)"},
    {"ltrace", L::Warning, "tracer: follows another process's library calls and data (ptrace)"},
    {"bpftrace", L::High, "kernel tracer: eBPF programs see the whole host"},
    {"bpfcc-tools", L::High, "kernel tracer: eBPF programs see the whole host"},
    {"systemtap*", L::High, "kernel tracer: loads kernel modules"},
    {"linux-perf*", L::Warning, "profiler: reads performance counters of processes"},
    {"valgrind", L::Info, "instrumentation of the agent's own programs"},
    // Compilers and build tools.
    {"gcc", L::Info, "compiler: builds arbitrary native code"},
    {"g++", L::Info, "compiler: builds arbitrary native code"},
    {"clang", L::Info, "compiler: builds arbitrary native code"},
    {"build-essential", L::Info, "compilers and make: builds arbitrary native code"},
    {"gfortran", L::Info, "compiler: builds arbitrary native code"},
    {"rustc", L::Info, "compiler: builds arbitrary native code"},
    {"golang*", L::Info, "compiler: builds arbitrary static binaries"},
    // Container and virtualisation tools.
    {"docker.io", L::High, "container tool: with an engine socket it controls the host"},
    {"docker-ce*", L::High, "container tool: with an engine socket it controls the host"},
    {"docker-compose", L::High, "container tool: drives a Docker engine"},
    {"podman", L::High, "container tool: runs containers (user namespaces, mounts)"},
    {"buildah", L::High, "container tool: builds and runs container images"},
    {"runc", L::High, "container runtime: creates namespaces and mounts"},
    {"containerd", L::High, "container runtime"},
    {"lxc*", L::High, "container tool: system containers"},
    {"kubectl", L::High, "cluster client: controls whatever cluster credentials reach"},
    {"qemu-system*", L::High, "virtual machines inside the sandbox"},
    {"skopeo", L::Warning, "copies container images to and from registries"},
};

// Well-known services; an allowlisted port here is easy to confuse with (or expose) them.
const RiskTable::Row kPorts[] = {
    {"1080", L::Warning, "SOCKS proxy port"},
    {"1433", L::Warning, "Microsoft SQL Server"},
    {"1521", L::Warning, "Oracle database"},
    {"2049", L::Warning, "NFS"},
    {"2375", L::High, "Docker Engine API without TLS: whoever reaches it controls the host"},
    {"2376", L::High, "Docker Engine API (TLS)"},
    {"2379", L::High, "etcd client API (cluster secrets)"},
    {"3306", L::Warning, "MySQL/MariaDB"},
    {"3389", L::Warning, "Remote Desktop (RDP)"},
    {"4444", L::Warning, "common reverse-shell / Metasploit handler port"},
    {"5000", L::Info, "common development server port (Flask, Docker registry)"},
    {"5432", L::Warning, "PostgreSQL"},
    {"5900", L::Warning, "VNC remote desktop"},
    {"5984", L::Warning, "CouchDB"},
    {"6379", L::Warning, "Redis (no authentication by default)"},
    {"6443", L::High, "Kubernetes API server"},
    {"8086", L::Warning, "InfluxDB"},
    {"9000", L::Warning, "common for PHP-FPM, MinIO, Portainer and SonarQube"},
    {"9090", L::Info, "Prometheus / Cockpit"},
    {"9200", L::Warning, "Elasticsearch (no authentication by default)"},
    {"10250", L::High, "Kubernetes kubelet API"},
    {"11211", L::Warning, "memcached (no authentication)"},
    {"27017", L::Warning, "MongoDB"},
};

bool matches(const char* pattern, const QString& name)
{
    const QString p = QString::fromLatin1(pattern);
    if (p.endsWith(QLatin1Char('*')))
        return name.startsWith(p.chopped(1));
    return name == p;
}
} // namespace

std::optional<RiskTable::Row> RiskTable::package(const QString& name)
{
    for (const Row& r : kPackages)
        if (matches(r.name, name))
            return r;
    return std::nullopt;
}

std::optional<RiskTable::Row> RiskTable::port(int port)
{
    const QString p = QString::number(port);
    for (const Row& r : kPorts)
        if (p == QLatin1String(r.name))
            return r;
    return std::nullopt;
}

QList<RiskTable::Row> RiskTable::packages()
{
    return QList<Row>(std::begin(kPackages), std::end(kPackages));
}
