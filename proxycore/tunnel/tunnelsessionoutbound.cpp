// TunnelSession: what goes to the peer, and in which order (see tunnelsession.h).
#include "tunnel/messagetransport.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelstream.h"

namespace pc {

using namespace pmproxy::tunnel;

namespace {
// Room for the envelope's own fields around a Data payload.
constexpr qint64 kDataOverhead = 64;
} // namespace

void TunnelSession::schedulePump() {
    if (m_pumpScheduled || m_state != State::Attached)
        return;
    m_pumpScheduled = true;
    // Queued: writes made in one event-loop pass leave as few, full envelopes.
    QMetaObject::invokeMethod(this, &TunnelSession::pump, Qt::QueuedConnection);
}

void TunnelSession::pump() {
    m_pumpScheduled = false;
    if (m_pumping || m_state != State::Attached || !m_transport)
        return;
    m_pumping = true;
    QPointer<TunnelSession> self(this);
    sendControl();
    for (;;) {
        bool sent = false;
        while (self && m_state == State::Attached) {
            const MessageTransport *t = m_transport.data();
            if (!t || t->bytesToWrite() >= m_options.transportHighWater || !sendNextStreamItem())
                break;
            sent = true;
        }
        if (!self)
            return;
        MessageTransport *t = m_transport.data();
        if (!sent || !t || m_state != State::Attached)
            break;
        // To the network in this event-loop pass rather than the next. A flush made
        // inside the transport's bytesWritten emission drains the socket without a
        // second emission, so whether there is room again is checked here.
        t->flush();
        if (!self)
            return;
        t = m_transport.data();
        if (!t || m_state != State::Attached || t->bytesToWrite() >= m_options.transportHighWater)
            break;
    }
    m_pumping = false;
}

void TunnelSession::sendControl() {
    // Small and time-critical: they bypass the backlog limit (they still queue behind
    // the backlog itself, which that limit keeps short).
    if (m_pongDue) {
        Envelope e;
        e.mutable_pong()->set_id(m_pongDue->first);
        e.mutable_pong()->set_sent_ms(m_pongDue->second);
        m_pongDue.reset();
        sendUnreliable(e);
    }
    if (m_pingDue) {
        Envelope e;
        e.mutable_ping()->set_id(++m_pingId);
        e.mutable_ping()->set_sent_ms(quint64(m_clock.elapsed()));
        m_pingDue = false;
        sendUnreliable(e);
    }
    if (m_ackDue) {
        Envelope e;
        e.mutable_ack()->set_received_seq(m_recvSeq);
        m_ackDue = false;
        m_unackedRecvBytes = 0;
        m_ackTimer.stop();
        sendUnreliable(e);
    }
    for (auto &[id, stream] : m_streams) {
        if (!stream->m_windowUpdateDue)
            continue;
        stream->m_windowUpdateDue = false;
        Envelope e;
        e.mutable_window_update()->set_stream_id(id);
        e.mutable_window_update()->set_max_offset(stream->m_advertised);
        sendUnreliable(e);
    }
    while (!m_orphanResets.empty()) {
        auto [id, error] = m_orphanResets.front();
        m_orphanResets.pop_front();
        Envelope e;
        e.mutable_error()->set_stream_id(id);
        e.mutable_error()->set_code(ErrorCode(int(error.code)));
        e.mutable_error()->set_message(error.message.toStdString());
        sendReliable(e);
    }
}

bool TunnelSession::sendNextStreamItem() {
    // Interactive items first (isInteractive), then everyone's, each in round robin.
    return sendRoundRobin(true) || sendRoundRobin(false);
}

bool TunnelSession::isInteractive(const TunnelStream *s) const {
    // A head, a reset, a Close, or Data when all the stream has queued is small (a
    // keystroke, a console frame, a small request body): one short envelope that
    // would otherwise wait a round-robin turn behind every bulk stream's 64 KiB piece
    // (README, "The tunnel's pacing"). Bulk streams still go on between such items,
    // and a stream with more than interactiveBytes queued is bulk until it drains.
    if (s->m_resetQueued || s->m_headQueued)
        return true;
    return s->m_outBytes > 0 ? s->m_outBytes <= m_options.interactiveBytes
                             : s->m_finishQueued && !s->m_finSent;
}

bool TunnelSession::sendRoundRobin(bool interactiveOnly) {
    if (m_streams.empty())
        return false;
    // Round robin: start after the stream that sent last in this pass, wrap around once.
    quint32 &cursor = interactiveOnly ? m_interactiveCursor : m_cursor;
    auto start = m_streams.upper_bound(cursor);
    for (int pass = 0; pass < 2; ++pass) {
        auto begin = pass == 0 ? start : m_streams.begin();
        auto end = pass == 0 ? m_streams.end() : start;
        for (auto it = begin; it != end; ++it) {
            const quint32 id = it->first;
            if (interactiveOnly && !isInteractive(it->second))
                continue;
            if (sendStreamItem(it->second)) {
                cursor = id;
                return true;
            }
        }
    }
    return false;
}

bool TunnelSession::sendStreamItem(TunnelStream *s) {
    if (s->m_resetQueued) {
        const TunnelError error = *s->m_resetQueued;
        s->m_resetQueued.reset();
        if (s->m_headSent || !s->m_local) {
            Envelope e;
            e.mutable_error()->set_stream_id(s->m_id);
            e.mutable_error()->set_code(ErrorCode(int(error.code)));
            e.mutable_error()->set_message(error.message.toStdString());
            sendReliable(e);
        }
        removeStream(s);
        s->m_remoteFinished = true;
        s->markOver(); // may delete s
        return true;
    }
    if (s->m_headQueued) {
        Envelope e;
        if (s->m_local)
            tunnelheads::toOpen(e.mutable_open(), s->m_id, s->m_kind, s->m_request);
        else
            tunnelheads::toResponse(e.mutable_response(), s->m_id, *s->m_response);
        s->m_headQueued = false;
        s->m_headSent = true;
        sendReliable(e);
        return true;
    }
    // A peer's stream ended without an answer still tells the peer so.
    const bool headless = !s->m_local && !s->m_response;
    if (!s->m_headSent && !(headless && s->m_finishQueued))
        return false;
    const qint64 credit = qint64(s->m_sendLimit - s->m_sendOffset);
    if (s->m_outBytes > 0 && credit > 0 && m_replay.bytes() < m_options.maxUnackedBytes) {
        const qint64 piece = qMin(qMin(m_options.dataChunkBytes, credit),
                                  qint64(m_peer.maxEnvelopeBytes) - kDataOverhead);
        const QByteArray bytes = s->takeOutput(piece);
        Envelope e;
        Data *data = e.mutable_data();
        data->set_stream_id(s->m_id);
        data->set_offset(s->m_sendOffset);
        data->set_payload(bytes.constData(), size_t(bytes.size()));
        s->m_sendOffset += quint64(bytes.size());
        sendReliable(e);
        Q_EMIT s->bytesWritten(bytes.size()); // may delete s
        return true;
    }
    if (s->m_finishQueued && !s->m_finSent && s->m_outBytes == 0) {
        Envelope e;
        e.mutable_close()->set_stream_id(s->m_id);
        s->m_finSent = true;
        sendReliable(e);
        QPointer<TunnelStream> alive(s);
        Q_EMIT s->finishSent(); // may delete s
        if (alive)
            checkOver(s);
        return true;
    }
    return false;
}

void TunnelSession::sendReliable(Envelope &envelope) {
    envelope.set_seq(m_replay.nextSeq());
    QByteArray bytes = TunnelCodec::encode(envelope);
    m_replay.push(bytes);
    if (MessageTransport *t = m_transport.data())
        t->sendMessage(bytes);
}

void TunnelSession::sendUnreliable(const Envelope &envelope) {
    if (MessageTransport *t = m_transport.data())
        t->sendMessage(TunnelCodec::encode(envelope));
}

void TunnelSession::replayUnacknowledged() {
    MessageTransport *t = m_transport.data();
    if (!t)
        return;
    for (const ReplayBuffer::Entry &entry : m_replay.entries())
        t->sendMessage(entry.bytes);
}

} // namespace pc
