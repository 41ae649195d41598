// TunnelSession: what arrives from the peer (see tunnelsession.h).
#include "tunnel/messagetransport.h"
#include "tunnel/tunnelheartbeat.h"
#include "tunnel/tunnellog.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelstream.h"

using namespace Qt::StringLiterals;

namespace pc {

using namespace pmproxy::tunnel;

namespace {

TunnelErrorCode codeFor(TunnelDecodeError::Kind kind) {
    switch (kind) {
    case TunnelDecodeError::Kind::TooLarge:
    case TunnelDecodeError::Kind::HeadTooLarge:
        return TunnelErrorCode::Limit;
    default:
        return TunnelErrorCode::Protocol;
    }
}

} // namespace

void TunnelSession::onMessage(const QByteArray &bytes) {
    m_heartbeat->noteInbound();
    auto decoded = m_codec.decode(bytes);
    if (!decoded) {
        protocolFailure(codeFor(decoded.error().kind), decoded.error().message);
        return;
    }
    Envelope &e = *decoded;
    if (m_state == State::Handshaking) {
        if (e.body_case() == Envelope::kError && e.error().stream_id() == 0) {
            onError(e.error());
            return;
        }
        if (e.body_case() != Envelope::kWelcome) {
            protocolFailure(TunnelErrorCode::Protocol, u"the first envelope was not Welcome"_s);
            return;
        }
        onWelcome(e.welcome());
        return;
    }
    if (m_state != State::Attached)
        return;
    if (TunnelCodec::isReliable(e)) {
        if (e.seq() <= m_recvSeq)
            return; // received before the connection dropped; sent again by the resume
        if (e.seq() != m_recvSeq + 1) {
            protocolFailure(TunnelErrorCode::Protocol,
                            u"envelope seq %1 after %2"_s.arg(e.seq()).arg(m_recvSeq));
            return;
        }
        m_recvSeq = e.seq();
        noteReliableReceived(bytes.size());
    }
    switch (e.body_case()) {
    case Envelope::kOpen:
        onOpen(e.open());
        break;
    case Envelope::kResponse:
        onResponse(e.response());
        break;
    case Envelope::kData:
        onData(e.mutable_data());
        break;
    case Envelope::kClose:
        onClose(e.close());
        break;
    case Envelope::kError:
        onError(e.error());
        break;
    case Envelope::kWindowUpdate:
        onWindowUpdate(e.window_update());
        break;
    case Envelope::kAck:
        if (!m_replay.acknowledge(e.ack().received_seq())) {
            protocolFailure(TunnelErrorCode::Protocol, u"an Ack of envelopes never sent"_s);
            return;
        }
        schedulePump();
        break;
    case Envelope::kPing:
        m_pongDue = std::make_pair(e.ping().id(), e.ping().sent_ms());
        schedulePump();
        break;
    case Envelope::kPong: {
        const qint64 rtt = m_clock.elapsed() - qint64(e.pong().sent_ms());
        if (rtt >= 0 && rtt < 3600 * 1000) {
            m_rttMs = int(rtt);
            Q_EMIT roundTripMeasured(int(rtt));
        }
        break;
    }
    case Envelope::kHello:
    case Envelope::kWelcome:
        protocolFailure(TunnelErrorCode::Protocol, u"a second handshake on one connection"_s);
        break;
    case Envelope::BODY_NOT_SET:
        break;
    }
}

void TunnelSession::onWelcome(const Welcome &welcome) {
    if (welcome.protocol_version() != kProtocolVersion) {
        protocolFailure(TunnelErrorCode::Protocol,
                        u"the server speaks protocol version %1"_s.arg(welcome.protocol_version()));
        return;
    }
    m_peer = TunnelCodec::limitsFrom(welcome.limits());
    if (welcome.resumed()) {
        if (!m_everEstablished || welcome.resume_token() != m_resumeToken.toStdString() ||
            !m_replay.acknowledge(welcome.received_seq())) {
            protocolFailure(TunnelErrorCode::Protocol, u"a resume that does not match"_s);
            return;
        }
        becomeAttached(true);
        return;
    }
    if (m_everEstablished) {
        qCInfo(lcTunnel).nospace()
            << "session " << m_sessionId << " could not be resumed; starting a new one";
        resetForNewSession();
    }
    m_sessionId = QString::fromStdString(welcome.session_id());
    m_resumeToken = QByteArray::fromStdString(welcome.resume_token());
    becomeAttached(false);
}

void TunnelSession::onOpen(const Open &open) {
    const quint32 id = open.stream_id();
    if (!isPeerId(id) || id <= m_lastPeerId) {
        protocolFailure(TunnelErrorCode::Protocol,
                        u"Open of stream %1 breaks the id order"_s.arg(id));
        return;
    }
    m_lastPeerId = id;
    int remote = 0;
    for (auto &[sid, stream] : m_streams)
        remote += stream->m_local ? 0 : 1;
    if (quint32(remote) >= m_options.limits.maxStreams) {
        m_orphanResets.emplace_back(
            id, TunnelError{TunnelErrorCode::Refused, u"too many concurrent streams"_s});
        schedulePump();
        return;
    }
    auto *stream =
        new TunnelStream(this, id, tunnelheads::kindOf(open), false, tunnelheads::fromOpen(open));
    stream->m_sendLimit = m_peer.initialWindow;
    stream->m_advertised = m_options.limits.initialWindow;
    m_streams.emplace(id, stream);
    Q_EMIT newStream(stream);
}

void TunnelSession::onResponse(const Response &response) {
    TunnelStream *s = findStream(response.stream_id());
    if (!s) {
        if (!isStaleId(response.stream_id()))
            protocolFailure(TunnelErrorCode::Protocol, u"Response on an unknown stream"_s);
        return;
    }
    if (!s->m_local || s->m_response) {
        protocolFailure(TunnelErrorCode::Protocol, u"an unexpected Response"_s);
        return;
    }
    s->m_response = tunnelheads::fromResponse(response);
    Q_EMIT s->responseReceived();
}

void TunnelSession::onData(Data *data) {
    TunnelStream *s = findStream(data->stream_id());
    if (!s) {
        if (!isStaleId(data->stream_id()))
            protocolFailure(TunnelErrorCode::Protocol, u"Data on an unknown stream"_s);
        return;
    }
    const quint64 size = data->payload().size();
    if (s->m_remoteFinished || (s->m_local && !s->m_response)) {
        protocolFailure(TunnelErrorCode::Protocol, u"Data after Close or before Response"_s);
        return;
    }
    if (data->offset() != s->m_recvOffset) {
        protocolFailure(
            TunnelErrorCode::Protocol,
            u"Data at offset %1, expected %2"_s.arg(data->offset()).arg(s->m_recvOffset));
        return;
    }
    if (s->m_recvOffset + size > s->m_advertised) {
        protocolFailure(TunnelErrorCode::FlowControl,
                        u"stream %1 sent past its window"_s.arg(s->m_id));
        return;
    }
    std::string *payload = data->mutable_payload();
    s->receive(QByteArray(payload->data(), qsizetype(payload->size())));
}

void TunnelSession::onClose(const Close &close) {
    TunnelStream *s = findStream(close.stream_id());
    if (!s) {
        if (!isStaleId(close.stream_id()))
            protocolFailure(TunnelErrorCode::Protocol, u"Close of an unknown stream"_s);
        return;
    }
    if (s->m_remoteFinished) {
        protocolFailure(TunnelErrorCode::Protocol, u"a second Close"_s);
        return;
    }
    QPointer<TunnelStream> guard(s);
    s->markRemoteFinished();
    if (guard)
        checkOver(s);
}

void TunnelSession::onError(const Error &error) {
    const TunnelError e{TunnelError::codeFromWire(error.code()),
                        QString::fromStdString(error.message())};
    if (error.stream_id() == 0) {
        qCInfo(lcTunnel).nospace()
            << "session " << m_sessionId << " ended by the peer: " << e.toString();
        terminate(e);
        return;
    }
    TunnelStream *s = findStream(error.stream_id());
    if (!s) {
        if (!isStaleId(error.stream_id()))
            protocolFailure(TunnelErrorCode::Protocol, u"Error on an unknown stream"_s);
        return;
    }
    removeStream(s);
    s->fail(e);
}

void TunnelSession::onWindowUpdate(const WindowUpdate &update) {
    TunnelStream *s = findStream(update.stream_id());
    if (!s) {
        if (!isStaleId(update.stream_id()))
            protocolFailure(TunnelErrorCode::Protocol, u"WindowUpdate of an unknown stream"_s);
        return;
    }
    if (update.max_offset() > s->m_sendLimit) {
        s->m_sendLimit = update.max_offset();
        schedulePump();
    }
}

void TunnelSession::noteReliableReceived(qint64 bytes) {
    m_unackedRecvBytes += bytes;
    if (m_unackedRecvBytes >= m_options.ackEveryBytes) {
        m_ackDue = true;
        schedulePump();
    } else if (!m_ackTimer.isActive()) {
        m_ackTimer.start(m_options.ackDelayMs);
    }
}

} // namespace pc
