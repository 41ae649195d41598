#include "tunnelserver/tunnelservice.h"

#include "server/gatewaycontext.h"
#include "tunnel/tunnelacceptor.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelsessionholder.h"
#include "tunnel/tunnelstream.h"
#include "tunnelserver/tunnelendpointlog.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace gw {

namespace {
// Who may resume a session: the holder of the same token. A digest, never the token.
QString principalOf(const QString &token) {
    return QString::fromLatin1(
        QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}
} // namespace

TunnelService::TunnelService(ContextProvider context, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_acceptor(new pc::TunnelAcceptor(pc::TunnelOptions{}, this)) {
    connect(m_acceptor, &pc::TunnelAcceptor::sessionStarted, this,
            &TunnelService::onSessionStarted);
    connect(m_acceptor, &pc::TunnelAcceptor::sessionResumed, this,
            [](pc::TunnelSession *) { qCInfo(lcTunnelEndpoint) << "tunnel session resumed"; });
}

TunnelService::~TunnelService() = default;

QString TunnelService::bearerToken(const pc::HttpHeaders &headers) {
    const QList<QByteArray> values = headers.values("Authorization");
    if (values.size() != 1)
        return {};
    const QByteArray v = values.first().trimmed();
    if (v.size() < 8 || v.left(7).toLower() != "bearer ")
        return {};
    return QString::fromLatin1(v.mid(7).trimmed());
}

void TunnelService::adopt(QSslSocket *socket, const QByteArray &requestBytes,
                          const TunnelGrant &grant) {
    const QString principal = principalOf(grant.token);
    // Grants stay while their token is valid: a session ending must not take the grant
    // of another one with the same token whose Hello is still on its way.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    m_grants.removeIf([now](const auto &entry) { return entry.value().expires < now; });
    m_grants.insert(principal, grant);
    m_acceptor->adoptUpgrade(socket, requestBytes, principal);
}

int TunnelService::sessionCount() const {
    return m_acceptor->holder()->count();
}

void TunnelService::onSessionStarted(pc::TunnelSession *session, const QString &principal) {
    const TunnelGrant grant = m_grants.value(principal);
    qCInfo(lcTunnelEndpoint).noquote() << "tunnel session started from" << grant.peer.toString();
    connect(session, &pc::TunnelSession::newStream, this, [this, grant](pc::TunnelStream *stream) {
        auto context = m_context();
        if (!context) {
            stream->deleteLater();
            return;
        }
        auto *handler = new TunnelStreamHandler(stream, std::move(context), grant, this);
        handler->start();
    });
}

} // namespace gw
