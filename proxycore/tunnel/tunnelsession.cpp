#include "tunnel/tunnelsession.h"

#include "tunnel/messagetransport.h"
#include "tunnel/tunnelheartbeat.h"
#include "tunnel/tunnellog.h"
#include "tunnel/tunnelstream.h"

#include <QRandomGenerator>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace pc {

using namespace pmproxy::tunnel;

namespace {

constexpr int kResumeTokenBytes = 32;

QByteArray randomToken() {
    QByteArray token(kResumeTokenBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(token.data()),
                                          kResumeTokenBytes / int(sizeof(quint32)));
    return token;
}

} // namespace

TunnelSession::TunnelSession(Role role, TunnelOptions options, QObject *parent)
    : QObject(parent)
    , m_role(role)
    , m_options(std::move(options))
    , m_codec(m_options.limits)
    , m_heartbeat(new TunnelHeartbeat(m_options.pingIntervalMs, m_options.deadAfterMs, this))
    , m_nextLocalId(role == Role::Client ? 1 : 2) {
    // Until the peer's limits are known, assume the smallest it may announce.
    m_peer.maxEnvelopeBytes = TunnelLimitBounds::minEnvelopeBytes;
    m_peer.initialWindow = TunnelLimitBounds::minWindow;
    m_peer.maxStreams = m_options.limits.maxStreams;
    m_clock.start();
    m_ackTimer.setSingleShot(true);
    connect(&m_ackTimer, &QTimer::timeout, this, [this] {
        m_ackDue = m_unackedRecvBytes > 0;
        schedulePump();
    });
    connect(m_heartbeat, &TunnelHeartbeat::pingDue, this, [this] {
        m_pingDue = true;
        schedulePump();
    });
    connect(m_heartbeat, &TunnelHeartbeat::peerDead, this, [this] {
        qCInfo(lcTunnel).nospace()
            << "session " << m_sessionId << ": no message from " << peerName() << " for "
            << m_options.deadAfterMs << " ms, dropping it";
        loseTransport(u"the peer went silent"_s);
    });
}

TunnelSession::~TunnelSession() {
    // Streams are children: they must not call back into a half-destroyed session.
    for (auto &[id, stream] : m_streams)
        stream->m_session = nullptr;
    const auto children = findChildren<TunnelStream *>(Qt::FindDirectChildrenOnly);
    for (TunnelStream *s : children)
        s->m_session = nullptr;
}

void TunnelSession::connectTransport(MessageTransport *transport) {
    Q_ASSERT(m_role == Role::Client);
    if (m_state == State::Terminated) {
        transport->abort();
        transport->deleteLater();
        return;
    }
    adoptTransport(transport);
    m_state = State::Handshaking;
    Envelope e;
    Hello *hello = e.mutable_hello();
    hello->set_protocol_version(kProtocolVersion);
    *hello->mutable_limits() = TunnelCodec::limitsMessage(m_options.limits);
    hello->set_software(m_options.software.toStdString());
    if (m_everEstablished) {
        hello->set_resume_token(m_resumeToken.toStdString());
        hello->set_received_seq(m_recvSeq);
    }
    sendUnreliable(e);
    m_heartbeat->start();
}

bool TunnelSession::acceptTransport(MessageTransport *transport, const Hello &hello) {
    Q_ASSERT(m_role == Role::Server);
    if (m_state == State::Terminated)
        return false;
    const bool resuming = m_everEstablished;
    if (resuming && !m_replay.acknowledge(hello.received_seq()))
        return false;
    m_peer = TunnelCodec::limitsFrom(hello.limits());
    if (!resuming) {
        m_sessionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_resumeToken = randomToken();
    }
    adoptTransport(transport);
    Envelope e;
    Welcome *welcome = e.mutable_welcome();
    welcome->set_protocol_version(kProtocolVersion);
    *welcome->mutable_limits() = TunnelCodec::limitsMessage(m_options.limits);
    welcome->set_session_id(m_sessionId.toStdString());
    welcome->set_resume_token(m_resumeToken.toStdString());
    welcome->set_resumed(resuming);
    welcome->set_received_seq(m_recvSeq);
    welcome->set_grace_seconds(quint32(m_options.graceMs / 1000));
    sendUnreliable(e);
    m_heartbeat->start();
    becomeAttached(resuming);
    return true;
}

void TunnelSession::becomeAttached(bool resumed) {
    m_state = State::Attached;
    m_everEstablished = true;
    if (resumed) {
        replayUnacknowledged();
        // Grants sent while the link was failing may be lost: send them all again.
        for (auto &[id, stream] : m_streams)
            stream->m_windowUpdateDue = !stream->m_remoteFinished;
    } else {
        // Streams opened before the handshake may now use the peer's real window.
        for (auto &[id, stream] : m_streams)
            stream->m_sendLimit = qMax(stream->m_sendLimit, quint64(m_peer.initialWindow));
    }
    qCInfo(lcTunnel).nospace() << "session " << m_sessionId << (resumed ? " resumed" : " started")
                               << " with " << peerName();
    schedulePump();
    Q_EMIT established(resumed);
}

TunnelStream *TunnelSession::openStream(TunnelStreamKind kind, const HttpRequestHead &head) {
    if (m_state == State::Terminated)
        return nullptr;
    int local = 0;
    for (auto &[id, stream] : m_streams)
        local += stream->m_local ? 1 : 0;
    if (quint32(local) >= m_peer.maxStreams)
        return nullptr;
    const quint32 id = m_nextLocalId;
    m_nextLocalId += 2;
    auto *stream = new TunnelStream(this, id, kind, true, head);
    stream->m_sendLimit = m_peer.initialWindow;
    stream->m_advertised = m_options.limits.initialWindow;
    m_streams.emplace(id, stream);
    schedulePump();
    return stream;
}

void TunnelSession::close(const QString &reason) {
    close(TunnelError{TunnelErrorCode::SessionLost, reason});
}

void TunnelSession::close(const TunnelError &error) {
    if (m_state == State::Terminated)
        return;
    if (m_transport && m_state == State::Attached) {
        Envelope e;
        e.mutable_error()->set_code(static_cast<pmproxy::tunnel::ErrorCode>(int(error.code)));
        e.mutable_error()->set_message(
            error.message.left(TunnelLimitBounds::maxTextBytes).toStdString());
        sendUnreliable(e);
    }
    terminate(error);
}

void TunnelSession::terminate(const TunnelError &error) {
    if (m_state == State::Terminated)
        return;
    m_state = State::Terminated;
    m_heartbeat->stop();
    m_ackTimer.stop();
    if (MessageTransport *t = m_transport.data()) {
        t->disconnect(this);
        t->close();
        t->deleteLater();
        m_transport = nullptr;
    }
    qCInfo(lcTunnel).nospace() << "session " << m_sessionId << " ended: " << error.toString();
    std::map<quint32, TunnelStream *> streams;
    streams.swap(m_streams);
    m_replay.clear();
    m_orphanResets.clear();
    QPointer<TunnelSession> self(this);
    for (auto &[id, stream] : streams) {
        QPointer<TunnelStream> s(stream);
        if (s)
            s->fail(error);
        if (!self)
            return;
    }
    Q_EMIT terminated(error);
}

void TunnelSession::adoptTransport(MessageTransport *transport) {
    if (MessageTransport *old = m_transport.data(); old && old != transport) {
        old->disconnect(this);
        old->abort();
        old->deleteLater();
    }
    m_transport = transport;
    transport->setParent(this);
    m_pingDue = false;
    m_pongDue.reset();
    connect(transport, &MessageTransport::messageReceived, this,
            [this, transport](const QByteArray &bytes) {
                if (transport == m_transport)
                    onMessage(bytes);
            });
    connect(transport, &MessageTransport::bytesWritten, this, &TunnelSession::schedulePump);
    connect(transport, &MessageTransport::disconnected, this, [this, transport] {
        if (transport == m_transport)
            loseTransport(u"the connection closed"_s);
    });
}

void TunnelSession::loseTransport(const QString &why) {
    MessageTransport *t = m_transport.data();
    m_transport = nullptr;
    if (t) {
        t->disconnect(this);
        t->abort();
        t->deleteLater();
    }
    m_heartbeat->stop();
    m_ackTimer.stop();
    if (m_state == State::Terminated || m_state == State::Detached)
        return;
    m_state = State::Detached;
    qCInfo(lcTunnel).nospace() << "session " << m_sessionId << " detached (" << why << "), "
                               << m_streams.size() << " streams waiting";
    Q_EMIT detached(why);
}

void TunnelSession::protocolFailure(TunnelErrorCode code, const QString &message) {
    qCInfo(lcTunnel).nospace() << "session " << m_sessionId
                               << ": the peer broke the protocol: " << message;
    if (m_transport) {
        Envelope e;
        e.mutable_error()->set_code(ErrorCode(int(code)));
        e.mutable_error()->set_message(message.left(TunnelLimitBounds::maxTextBytes).toStdString());
        sendUnreliable(e);
    }
    terminate({code, message});
}

void TunnelSession::resetForNewSession() {
    std::map<quint32, TunnelStream *> streams;
    streams.swap(m_streams);
    for (auto &[id, stream] : streams) {
        stream->fail({TunnelErrorCode::SessionLost,
                      u"the tunnel session ended while disconnected; it was not resumed"_s});
    }
    m_replay.clear();
    m_recvSeq = 0;
    m_unackedRecvBytes = 0;
    m_lastPeerId = 0;
    m_nextLocalId = m_role == Role::Client ? 1 : 2;
    m_orphanResets.clear();
    m_everEstablished = false;
}

TunnelStream *TunnelSession::findStream(quint32 id) const {
    auto it = m_streams.find(id);
    return it == m_streams.end() ? nullptr : it->second;
}

QString TunnelSession::peerName() const {
    const MessageTransport *t = m_transport.data();
    return t ? t->peerName() : QString();
}

bool TunnelSession::isPeerId(quint32 id) const {
    const bool odd = (id & 1u) != 0;
    return m_role == Role::Client ? !odd : odd;
}

bool TunnelSession::isStaleId(quint32 id) const {
    return isPeerId(id) ? id <= m_lastPeerId : id < m_nextLocalId;
}

void TunnelSession::removeStream(TunnelStream *stream) {
    auto it = m_streams.find(stream->m_id);
    if (it != m_streams.end() && it->second == stream)
        m_streams.erase(it);
}

void TunnelSession::checkOver(TunnelStream *stream) {
    if (stream->m_finSent && stream->m_remoteFinished && !stream->m_over) {
        removeStream(stream);
        stream->markOver();
    }
}

void TunnelSession::streamHasOutput(TunnelStream *) {
    schedulePump();
}

void TunnelSession::streamConsumed(TunnelStream *stream) {
    if (stream->m_remoteFinished || stream->m_over)
        return;
    const quint64 window = m_options.limits.initialWindow;
    if (stream->m_advertised - stream->m_consumed <= window / 2) {
        stream->m_advertised = stream->m_consumed + window;
        stream->m_windowUpdateDue = true;
        schedulePump();
    }
}

void TunnelSession::streamDestroyed(TunnelStream *stream) {
    auto it = m_streams.find(stream->m_id);
    if (it == m_streams.end() || it->second != stream)
        return;
    m_streams.erase(it);
    if (!stream->m_over && m_state != State::Terminated &&
        (stream->m_headSent || !stream->m_local)) {
        m_orphanResets.emplace_back(
            stream->m_id, TunnelError{TunnelErrorCode::Cancelled, u"the stream was abandoned"_s});
        schedulePump();
    }
}

} // namespace pc
