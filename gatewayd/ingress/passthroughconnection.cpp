#include "ingress/passthroughconnection.h"

#include "ingress/ingresslog.h"
#include "ingress/ingresssession.h"
#include "ingress/ingressstats.h"
#include "ingress/nodeconnector.h"
#include "relay/byterelay.h"
#include "server/gatewaycontext.h"

#include <QTcpSocket>
#include <QTimer>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace gw {

PassthroughConnection::PassthroughConnection(qintptr clientDescriptor, IngressRoutes::Target target,
                                             std::shared_ptr<const GatewayContext> context,
                                             QObject *parent)
    : QObject(parent)
    , m_clientDescriptor(clientDescriptor)
    , m_target(std::move(target))
    , m_context(std::move(context))
    , m_stats(m_context->services.ingress)
    , m_membership(m_context->services.sessions, this,
                   [this](SessionEnd why) { finish(sessionEndReason(why)); }) {}

PassthroughConnection::~PassthroughConnection() {
    if (!m_client && m_clientDescriptor >= 0)
        ::close(int(m_clientDescriptor)); // never adopted
    if (m_opened && m_stats)
        m_stats->closed(m_target.group, m_target.route.host);
}

void PassthroughConnection::start() {
    const HostPort node = *m_target.route.tls;
    auto joined = m_membership.enter(IngressSession::joining(m_target.group, m_target.route, node));
    if (!joined) {
        if (m_stats)
            m_stats->refused(joined.error().error);
        return finish(u"refused: "_s + joined.error().detail);
    }
    if (m_stats)
        m_stats->opened(m_target.group, m_target.route.host, IngressStats::Mode::Tls);
    m_opened = true;
    const NodeSocketFactory factory = m_context->services.nodeSockets
                                          ? m_context->services.nodeSockets
                                          : currentNamespaceSockets();
    m_connector = new NodeConnector(factory, m_target.group, node,
                                    m_context->config.upstream.connectTimeoutMs, this);
    connect(m_connector, &NodeConnector::connected, this, &PassthroughConnection::nodeConnected);
    connect(m_connector, &NodeConnector::failed, this, [this](const QString &why) {
        if (m_stats)
            m_stats->refused(u"node_unreachable"_s);
        finish(why);
    });
    m_connector->start();
}

void PassthroughConnection::nodeConnected(int descriptor) {
    m_connector->deleteLater();
    m_connector = nullptr;
    m_node = new QTcpSocket(this);
    if (!m_node->setSocketDescriptor(descriptor, QAbstractSocket::ConnectedState)) {
        ::close(descriptor);
        return finish(u"cannot adopt the node's socket: "_s + m_node->errorString());
    }
    m_client = new QTcpSocket(this);
    if (!m_client->setSocketDescriptor(m_clientDescriptor, QAbstractSocket::ConnectedState)) {
        ::close(int(m_clientDescriptor));
        return finish(u"cannot adopt the client's socket: "_s + m_client->errorString());
    }
    m_relay = new pc::ByteRelay(m_client, m_node, this);
    m_relay->setObserver(this);
    connect(m_relay, &pc::ByteRelay::closed, this, [this] { finish({}); });
    qCDebug(lcIngress).noquote() << "passing" << m_target.route.host << "through to"
                                 << m_target.route.tls->toString() << "in group" << m_target.group;
    m_relay->start();
}

void PassthroughConnection::relayed(pc::RelayDirection direction, QByteArrayView data) {
    const quint64 n = quint64(data.size());
    const bool up = direction == pc::RelayDirection::Up;
    TrafficCounters &c = m_membership.counters();
    (up ? c.bytesUp : c.bytesDown) += n;
    if (m_stats)
        m_stats->bytes(m_target.group, m_target.route.host, up ? n : 0, up ? 0 : n);
}

void PassthroughConnection::finish(const QString &why) {
    if (m_finished)
        return;
    m_finished = true;
    if (!why.isEmpty()) {
        qCInfo(lcIngress).noquote() << "connection for" << m_target.route.host << "in group"
                                    << m_target.group << "ended:" << why;
        // At once: a refused or ended session, or a node that cannot be reached.
        for (QTcpSocket *s : {m_client, m_node}) {
            if (s)
                s->abort();
        }
        deleteLater();
        return;
    }
    // The relay ended both sockets gracefully: gone once what is queued has been sent
    // (or after kDrainMs, for a peer that stopped reading).
    const auto goneWhenDisconnected = [this] {
        for (QTcpSocket *s : {m_client, m_node}) {
            if (s && s->state() != QAbstractSocket::UnconnectedState)
                return;
        }
        deleteLater();
    };
    for (QTcpSocket *s : {m_client, m_node}) {
        if (s)
            connect(s, &QAbstractSocket::disconnected, this, goneWhenDisconnected);
    }
    QTimer::singleShot(kDrainMs, this, [this] {
        for (QTcpSocket *s : {m_client, m_node}) {
            if (s)
                s->abort();
        }
        deleteLater();
    });
    goneWhenDisconnected();
}

} // namespace gw
