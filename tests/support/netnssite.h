#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>
#include <vector>

// A "site" for the agent tests (docs/agents-protocol.md): a network namespace of its own
// (a name unique to this test process and site), joined to the host's namespace by a veth
// pair on a private /30 (host side 172.31.N.1, site side 172.31.N.2), and a BMC address
// 10.77.N.5 on the site's loopback that the host cannot reach: the host routes
// 10.77.N.0/24 nowhere ("unreachable": a connection fails at once). Programs run inside
// the site with `ip netns exec`, each in its own process group, and die with the test.
//
// N is claimed by creating the host-side interface "pmsiteNh": the kernel refuses a
// second interface of that name, so concurrent tests never share a subnet. The destructor
// ends the site's processes and removes the namespace (its veth pair goes with it) and the
// route, whatever the test did; a site left by a test process that was killed is removed
// by the next site made on this machine.
//
// Needs root (CAP_NET_ADMIN) and ip(8) from iproute2; supported() says why not.
class NetnsSite {
public:
    NetnsSite();
    ~NetnsSite();
    NetnsSite(const NetnsSite &) = delete;
    NetnsSite &operator=(const NetnsSite &) = delete;

    // Whether this process can make sites; false with WHY (not root, no ip(8)).
    static bool supported(QString *why);

    bool ok() const { return m_ready; }
    // Why the site or the last program could not be made or started.
    QString error() const { return m_error; }
    QString name() const { return m_name; }
    QString hostAddress() const;   // 172.31.N.1, the host's end of the veth pair
    QString siteAddress() const;   // 172.31.N.2, the site's end
    QString bmcAddress() const;    // 10.77.N.5, inside the site only
    QString bmcNetwork() const;    // 10.77.N.0/24
    QString hostInterface() const; // pmsiteNh

    // Takes the veth pair down (the site is cut off: packets are lost both ways, no
    // connection is reset) or up again.
    bool setLinkUp(bool up);
    // Resets the site's TCP connections to HOST:PORT (ss -K inside the site: both ends get
    // a reset at once, as when a middlebox drops the connection); false if none was found.
    bool resetConnections(const QString &host, quint16 port);

    // Starts PROGRAM with ARGS inside the site; its stderr goes to a log file, its stdout
    // is readable. Returns its handle (>= 0), or -1 with error().
    int start(const QString &program, const QStringList &args);
    QProcess &process(int handle) { return *m_processes.at(handle)->process; }
    qint64 pid(int handle) const;
    // The first line PROGRAM printed on stdout (waits up to TIMEOUTMS), empty if none.
    QByteArray firstLine(int handle, int timeoutMs = 15000);
    // The last bytes PROGRAM wrote on stderr.
    QString log(int handle) const;
    // Ends PROGRAM's process group: SIGTERM (SIGKILL after a grace period), or SIGKILL
    // at once when KILL.
    void stop(int handle, bool kill = false);
    bool running(int handle) const;

    // A bmcsim of PLATFORM listening on bmcAddress() (EXTRAARGS added), started with
    // start(); its port, or 0 with error(). The handle is bmcHandle().
    quint16 startBmc(const QString &platform, const QStringList &extraArgs = {});
    int bmcHandle() const { return m_bmc; }

private:
    struct Child {
        std::unique_ptr<QProcess> process;
        qint64 group = 0;
        QString logPath;
    };
    bool create();
    void removeStaleSites();
    void destroy();

    QTemporaryDir m_dir;
    QString m_name;
    int m_index = 0;
    bool m_ready = false;
    bool m_routeAdded = false;
    QString m_error;
    std::vector<std::unique_ptr<Child>> m_processes;
    int m_bmc = -1;
};
