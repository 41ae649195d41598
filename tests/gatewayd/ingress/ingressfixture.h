#pragma once

#include "config/gatewayconfig.h"
#include "server/gatewayserver.h"
#include "session/sessionregistry.h"

#include <QProcess>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <memory>
#include <vector>

// The public listener of a gateway (GatewayServer, in this process, with the daemon's
// code path) in front of real TLS nodes: one `openssl s_server -WWW` process per route,
// each with its own certificate for its host name, serving the files of its directory
// (index.html names the node). Routes' targets are on 127.0.0.1, so connections to nodes
// start in this namespace (currentNamespaceSockets(): the test's group-less seam; the
// network-namespace path is GroupSockets', tested with the groups).
class IngressFixture {
public:
    struct Node {
        QString group;
        QString host;
        QString certPath; // the node's own certificate: clients verify against it
        quint16 port = 0;
        QString dir;
        std::unique_ptr<QProcess> process;
        quint16 httpPort = 0; // its plain-HTTP twin (httpnode.py), the route's `http`
        std::unique_ptr<QProcess> httpProcess;
    };

    // HOSTS[i] in group GROUPS[i].
    IngressFixture(const QStringList &groups, const QStringList &hosts);
    ~IngressFixture();

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

    quint16 port() const { return m_server ? m_server->publicPort() : 0; }
    quint16 httpPort() const { return m_server ? m_server->httpPort() : 0; }
    QString gatewayCertPath() const { return m_gatewayCert; }
    const Node &node(int i) const { return *m_nodes.at(size_t(i)); }
    gw::SessionRegistry &sessions() { return m_sessions; }
    gw::GatewayServer &server() { return *m_server; }
    // Writes BYTES of the vmedia pattern as FILE into node I's directory.
    bool writePatternFile(int i, const QString &file, qint64 bytes);

private:
    bool startNode(Node &node);
    bool startHttpNode(Node &node);

    QTemporaryDir m_dir;
    QString m_error;
    QString m_gatewayCert;
    std::vector<std::unique_ptr<Node>> m_nodes;
    gw::SessionRegistry m_sessions;
    std::unique_ptr<gw::GatewayServer> m_server;
};
