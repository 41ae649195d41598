#pragma once

#include "http/httpheaders.h"
#include "server/gatewayerror.h"
#include "tunnelserver/tunnelstreamhandler.h"
#include "util/clock.h"

#include <QHash>
#include <QObject>
#include <QPointer>
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

    // What decides grant and token expiry; the system clock unless set (tests).
    void setClock(std::shared_ptr<const pc::Clock> clock) {
        m_clock = pc::Clock::orSystem(std::move(clock));
    }

    int sessionCount() const;
    // Tunnels of TOKEN that are connected now, or handed over and not yet started
    // (limits.maxTunnelsPerToken). Tunnels waiting for their app to come back are not
    // counted: a reconnecting app is never refused.
    int attachedTunnels(const QString &token) const;

    // Ends (tunnel Error UNAUTHORIZED, saying why) every tunnel of session SESSIONID.
    void endSession(const QString &sessionId, const QString &why);
    // Ends every tunnel whose grant STILLALLOWED refuses (after an apply): a tunnel with no
    // stream open is in no live session, so the registry cannot find it. Returns how many.
    int endRefused(const std::function<bool(const TunnelGrant &)> &stillAllowed);

private:
    void onSessionStarted(pc::TunnelSession *session, const QString &principal);
    // Ends SESSION when its token is past exp + auth.leewaySeconds.
    void armExpiry(pc::TunnelSession *session);

    ContextProvider m_context;
    std::shared_ptr<const pc::Clock> m_clock = pc::Clock::system();
    pc::TunnelAcceptor *m_acceptor;
    QHash<QString, TunnelGrant> m_grants;           // by principal, until its token expires
    QHash<pc::TunnelSession *, TunnelGrant> m_live; // every live tunnel and its grant
    // Upgrades handed over whose Hello has not started (or resumed) a session yet, by
    // principal: they count toward limits.maxTunnelsPerToken too.
    QHash<QString, QList<QPointer<QObject>>> m_pending;
    void settlePending(const QString &principal);
};

} // namespace gw
