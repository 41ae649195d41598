#include "tunnel/tunnelacceptor.h"

#include "tunnel/tunnelcodec.h"
#include "tunnel/tunnellog.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelsessionholder.h"
#include "tunnel/wshandshake.h"
#include "tunnel/wstransport.h"

#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace pc {

using namespace pmproxy::tunnel;

TunnelAcceptor::TunnelAcceptor(TunnelOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_holder(new TunnelSessionHolder(m_options.graceMs, this)) {}

TunnelAcceptor::~TunnelAcceptor() = default;

void TunnelAcceptor::adoptUpgrade(QTcpSocket *socket, const QByteArray &requestBytes,
                                  const QString &principal) {
    const wshandshake::ServerAnswer answer = wshandshake::answerUpgrade(requestBytes);
    socket->write(answer.response);
    if (!answer.accepted) {
        qCInfo(lcTunnel).noquote() << "refused a tunnel upgrade from"
                                   << socket->peerAddress().toString() << ":" << answer.why;
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
        return;
    }
    // The bytes after the head (if any) are the first frames.
    adoptTransport(new WsTransport(socket, WsTransport::Role::Server,
                                   qint64(m_options.limits.maxEnvelopeBytes),
                                   requestBytes.sliced(answer.headBytes), this),
                   principal);
}

void TunnelAcceptor::adoptTransport(MessageTransport *transport, const QString &principal) {
    transport->setParent(this);
    // Until its Hello arrives the connection belongs to a small context object.
    auto *pending = new QObject(transport);
    auto *timeout = new QTimer(pending);
    timeout->setSingleShot(true);
    connect(timeout, &QTimer::timeout, this, [transport] {
        qCInfo(lcTunnel) << "no Hello from" << transport->peerName() << "- dropping it";
        transport->abort();
        transport->deleteLater();
    });
    timeout->start(m_options.deadAfterMs);
    connect(transport, &MessageTransport::messageReceived, pending,
            [this, transport, pending, principal](const QByteArray &bytes) {
                delete pending; // one message only
                onHello(transport, bytes, principal);
            });
    connect(transport, &MessageTransport::disconnected, pending,
            [transport] { transport->deleteLater(); });
}

void TunnelAcceptor::onHello(MessageTransport *transport, const QByteArray &bytes,
                             const QString &principal) {
    auto decoded = TunnelCodec(m_options.limits).decode(bytes);
    if (!decoded) {
        refuse(transport, decoded.error().message);
        return;
    }
    if (decoded->body_case() != Envelope::kHello) {
        refuse(transport, u"the first envelope must be Hello"_s);
        return;
    }
    const Hello &hello = decoded->hello();
    if (hello.protocol_version() != TunnelSession::kProtocolVersion) {
        refuse(transport,
               u"protocol version %1 is not spoken here (1 is)"_s.arg(hello.protocol_version()));
        return;
    }
    if (!hello.resume_token().empty()) {
        const QByteArray token = QByteArray::fromStdString(hello.resume_token());
        if (TunnelSession *session = m_holder->find(token, principal)) {
            if (session->acceptTransport(transport, hello)) {
                Q_EMIT sessionResumed(session);
                return;
            }
        }
        qCInfo(lcTunnel) << "a resume from" << transport->peerName()
                         << "named no live session; starting a new one";
    }
    auto *session = new TunnelSession(TunnelSession::Role::Server, m_options, this);
    session->acceptTransport(transport, hello);
    m_holder->add(session, principal);
    Q_EMIT sessionStarted(session, principal);
}

void TunnelAcceptor::refuse(MessageTransport *transport, const QString &message) {
    qCInfo(lcTunnel) << "refused a tunnel from" << transport->peerName() << ":" << message;
    Envelope e;
    e.mutable_error()->set_code(ERROR_CODE_PROTOCOL);
    e.mutable_error()->set_message(message.left(TunnelLimitBounds::maxTextBytes).toStdString());
    transport->sendMessage(TunnelCodec::encode(e));
    transport->close();
    transport->deleteLater();
}

} // namespace pc
