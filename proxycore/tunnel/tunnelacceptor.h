#pragma once

#include "tunnel/tunneloptions.h"

#include <QByteArray>
#include <QObject>
#include <QString>

class QTcpSocket;

namespace pc {

class MessageTransport;
class TunnelSession;
class TunnelSessionHolder;

// The server's end (gatewayd): takes authenticated tunnel connections, reads
// each one's Hello, and either resumes the detached session it names (same
// principal) or starts a new one. New sessions are announced with
// sessionStarted(): connect to their newStream() there. Sessions live in
// holder() until they end; a detached one is kept for TunnelOptions::graceMs.
//
// Mounting in gatewayd (its listener parses HTTP itself): once ClientConnection
// has read a `GET /.pmproxy/tunnel` upgrade and TokenGate admitted its Bearer
// token, disconnect the connection's own slots from the socket and call
// adoptUpgrade() with the exact bytes read so far; it answers the handshake
// (wshandshake.h) and carries the tunnel over a WsTransport.
class TunnelAcceptor : public QObject {
    Q_OBJECT
public:
    explicit TunnelAcceptor(TunnelOptions options, QObject *parent = nullptr);
    ~TunnelAcceptor() override;

    // SOCKET (TCP or TLS, connected) has delivered REQUESTBYTES, a complete
    // WebSocket upgrade request (and anything after it); the acceptor takes the
    // socket over.
    void adoptUpgrade(QTcpSocket *socket, const QByteArray &requestBytes, const QString &principal);
    // Any message transport (tests, in-process).
    void adoptTransport(MessageTransport *transport, const QString &principal);

    TunnelSessionHolder *holder() const { return m_holder; }
    const TunnelOptions &options() const { return m_options; }

Q_SIGNALS:
    void sessionStarted(pc::TunnelSession *session, const QString &principal);
    void sessionResumed(pc::TunnelSession *session);

private:
    void onHello(MessageTransport *transport, const QByteArray &bytes, const QString &principal);
    void refuse(MessageTransport *transport, const QString &message);

    TunnelOptions m_options;
    TunnelSessionHolder *m_holder;
};

} // namespace pc
