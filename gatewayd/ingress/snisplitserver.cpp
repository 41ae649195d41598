#include "ingress/snisplitserver.h"

#include "ingress/clienthellopeek.h"
#include "ingress/ingresslog.h"
#include "util/lowdelay.h"

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace gw {

void SniSplitServer::incomingConnection(qintptr descriptor) {
    if (m_policy.overLimit && m_policy.overLimit(m_peeking)) {
        // Over the limit: closed before a byte is read (as ClientConnections beyond it).
        qCWarning(lcIngress) << "refused a connection: limits.maxConnections reached";
        ::close(int(descriptor));
        return;
    }
    pc::setLowDelay(descriptor);
    ++m_peeking;
    auto *peek = new ClientHelloPeek(descriptor, m_policy.headerTimeoutMs, this);
    connect(peek, &ClientHelloPeek::finished, this, [this, peek](bool ok, const QString &why) {
        --m_peeking;
        peek->deleteLater();
        decide(peek->descriptor(), ok, peek->parser().serverName(), why);
    });
    peek->start();
}

void SniSplitServer::decide(qintptr descriptor, bool ok, const QString &serverName,
                            const QString &why) {
    if (!ok) {
        qCDebug(lcIngress).noquote() << "closed a connection before TLS:" << why;
        return refuse(descriptor,
                      why.contains(u"headerTimeoutMs"_s) ? u"timeout"_s : u"bad_client_hello"_s);
    }
    const IngressRoutes *routes = m_policy.routes.get();
    if (serverName.isEmpty() || !routes || routes->isOwnName(serverName)) {
        // The gateway's own: the TLS handshake as for any connection of a QSslServer.
        QSslServer::incomingConnection(descriptor);
        return;
    }
    if (auto target = routes->route(serverName); target && target->route.tls) {
        Q_EMIT passthrough(descriptor, *target);
        return;
    }
    qCDebug(lcIngress).noquote() << "closed a connection for unknown server name" << serverName;
    refuse(descriptor, u"unknown_host"_s);
}

void SniSplitServer::refuse(qintptr descriptor, const QString &reason) {
    if (m_policy.refused)
        m_policy.refused(reason);
    ::close(int(descriptor));
}

} // namespace gw
