#pragma once

#include "netnssite.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <array>
#include <memory>

// The world of the node-group tests (README, "Node groups"): two groups, "a" and "b",
// over the same 10.8.0.0/24. Each has a node: a NetnsSite (its own namespace, a veth
// pair to the host) running wireguard-go at 10.8.0.2/24, a real WireGuard peer of the
// gateway's group, and a web server on 10.8.0.2:80 with a page of its own. groupsJson()
// is the gateway's "groups" configuration that connects to them (the gateway's UDP ports
// are free ones of the host). Group names carry this process's id, so concurrent runs
// never meet; the destructor removes whatever the tests or a dead gatewayd left of them
// (namespaces, interfaces), and the sites remove themselves and their processes.
class GroupWorld {
public:
    static constexpr int Groups = 2;

    // WITHNODES false: keys and ports only (groupJson() then has no peer endpoint).
    explicit GroupWorld(bool withNodes = true);
    ~GroupWorld();
    GroupWorld(const GroupWorld &) = delete;
    GroupWorld &operator=(const GroupWorld &) = delete;

    // Whether wg and wireguard-go are installed; false with WHY.
    static bool supported(QString *why);

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

    QString groupName(int i) const;     // "pg<pid>a", "pg<pid>b"
    QByteArray page(int i) const;       // what node i's web server answers
    QJsonObject groupJson(int i) const; // one entry of "groups"
    QJsonArray groupsJson() const;      // both
    QString keyFile(int i) const;       // the gateway's private key file for group i
    NetnsSite &node(int i) { return *m_nodes[i]; }
    // A UDP port of the host that nothing uses right now.
    static quint16 freeUdpPort();

    // Body of GET http://ADDRESS:PORT/ over a socket made in GROUP's namespace with
    // gw::GroupSockets; empty with ERROR when no answer came.
    static QByteArray getInGroup(const QString &group, const QString &address, quint16 port,
                                 QString *error);
    // A TCP connection from GROUP's namespace to ADDRESS:PORT, established; -1 if none.
    static int connectInGroup(const QString &group, const QString &address, quint16 port);
    // Whether the connection FD was ended (reset or closed by the other side) within 5 s.
    static bool endsSoon(int fd);
    // What curl inside node I gets from URL (empty: nothing, within 3 s).
    QByteArray curlFromNode(int i, const QString &url);
    // Runs a web server on 10.8.0.1:8080 inside GROUP's namespace (the gateway's end),
    // answering PAGE; false with error().
    bool serveInGroupNamespace(const QString &group, const QByteArray &page);

private:
    bool makeKey(const QString &name, QString *publicKey);
    bool startNode(int i);

    QTemporaryDir m_dir;
    QString m_error;
    std::array<std::unique_ptr<NetnsSite>, Groups> m_nodes;
    std::array<QString, Groups> m_nodeInterfaces;
    std::array<QString, Groups> m_gatewayPublic;
    std::array<QString, Groups> m_nodePublic;
    std::array<quint16, Groups> m_gatewayPorts{};
    std::unique_ptr<QProcess> m_groupServer;
    qint64 m_groupServerGroup = 0;
};

#define SKIP_WITHOUT_GROUPS()                                                                      \
    do {                                                                                           \
        QString skipWhy_;                                                                          \
        if (!NetnsSite::supported(&skipWhy_) || !GroupWorld::supported(&skipWhy_)) {               \
            WARN("SKIPPED: " << skipWhy_.toStdString());                                           \
            return;                                                                                \
        }                                                                                          \
    } while (false)
