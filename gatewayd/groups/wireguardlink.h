#pragma once

#include "util/expected.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <memory>

namespace gw {

// A WireGuard interface, made in gatewayd's own (the host's) network namespace so that
// its UDP socket listens where peers can reach it; the group then moves the interface
// into its namespace, where the tunnel's packets come out (README, "Node groups").
// The kernel's WireGuard is used where the module exists, else a `wireguard-go -f`
// child process (Debian's wireguard-go), which dies with gatewayd (PR_SET_PDEATHSIG).
// Both keep their UDP socket in the namespace they were made in when the interface moves.
class WireGuardLink {
public:
    static pc::Expected<std::unique_ptr<WireGuardLink>, QString> create(const QString &name);
    // Ends wireguard-go, which takes its interface with it; a kernel interface is left to
    // the caller (it lives in the group's namespace by then).
    ~WireGuardLink();
    WireGuardLink(const WireGuardLink &) = delete;
    WireGuardLink &operator=(const WireGuardLink &) = delete;

    // Where wireguard-go serves interface NAME's control socket (where `wg` looks).
    static QString controlSocket(const QString &name);

    const QString &name() const { return m_name; }
    bool isKernel() const { return !m_process; }
    // Whether the interface is still served (wireguard-go still running).
    bool alive() const;

    // How to run `wg` for this interface once it is in NETNS: wireguard-go listens on a
    // control socket in /run/wireguard (any namespace reaches it); the kernel's interface
    // answers netlink only in its own namespace. Program first.
    QStringList wgCommand(const QString &netns) const;

private:
    explicit WireGuardLink(QString name);
    pc::Expected<std::monostate, QString> startUserspace();

    QString m_name;
    std::unique_ptr<QProcess> m_process; // wireguard-go; none: kernel
};

} // namespace gw
