#pragma once

#include "http/httpheaders.h"
#include "server/gatewayerror.h"
#include "tunnelserver/tunnelstreamhandler.h"

#include <QHash>
#include <QObject>
#include <functional>
#include <memory>

class QSslSocket;

namespace pc {
class TunnelAcceptor;
class TunnelSession;
} // namespace pc

namespace gw {

struct GatewayContext;

// The app's tunnel endpoint, `GET /.pmproxy/tunnel` on the public listener (PRODUCT.md
// §5-6): a WebSocket upgrade authenticated with `Authorization: Bearer <gpsession
// token>`, checked exactly as browser mode checks a token (TokenGate, then the token's
// BMC resolved against targets.allow) before the upgrade is answered. Each stream of an
// admitted session is served by a TunnelStreamHandler with the configuration in force
// when the stream opens. Sessions that drop are held for the grace period and resumed
// by the same token (pc::TunnelAcceptor).
class TunnelService : public QObject {
    Q_OBJECT
public:
    using ContextProvider = std::function<std::shared_ptr<const GatewayContext>()>;
    static constexpr QStringView kPath = u"/.pmproxy/tunnel";

    TunnelService(ContextProvider context, QObject *parent = nullptr);
    ~TunnelService() override;

    // The token of a tunnel upgrade (Bearer), or empty.
    static QString bearerToken(const pc::HttpHeaders &headers);
    // SOCKET has delivered REQUESTBYTES (the admitted upgrade and anything after it):
    // the service takes it over and answers the handshake.
    void adopt(QSslSocket *socket, const QByteArray &requestBytes, const TunnelGrant &grant);

    int sessionCount() const;

private:
    void onSessionStarted(pc::TunnelSession *session, const QString &principal);

    ContextProvider m_context;
    pc::TunnelAcceptor *m_acceptor;
    QHash<QString, TunnelGrant> m_grants; // by principal, until its token expires
};

} // namespace gw
