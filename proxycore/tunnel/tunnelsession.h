#pragma once

#include "tunnel/messagetransport.h"
#include "tunnel/replaybuffer.h"
#include "tunnel/tunnelcodec.h"
#include "tunnel/tunnelerror.h"
#include "tunnel/tunnelheads.h"
#include "tunnel/tunneloptions.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <deque>
#include <map>
#include <optional>

namespace pc {

class TunnelHeartbeat;
class TunnelStream;

// One multiplexed tunnel session (tunnel.proto) over a MessageTransport, the same
// class on both ends: the client (app or agent) sends Hello, the server (gatewayd)
// answers Welcome. It owns the transport it is given and hands out TunnelStreams.
//
// Outbound, control envelopes (Pong, Ping, Ack, WindowUpdate) go first; then the
// streams take turns (round robin), one envelope each (a head, one Data piece of at
// most dataChunkBytes within the stream's credit, or its Close), and only while the
// transport's backlog is under transportHighWater, so a bulk stream delays another
// stream's next envelope by at most the backlog and one piece. Streams with an
// interactive item (a head, a Close, a reset, or at most interactiveBytes queued) take
// their turns before the bulk ones (README, "The tunnel's pacing").
//
// When the transport drops (or the heartbeat finds the peer silent for deadAfterMs)
// the session is Detached: streams stay open and keep their queues. A new transport
// with the same resume token (client: connectTransport() again; server: the
// acceptor's acceptTransport()) resumes it: both sides send again every reliable
// envelope the other has not received, so streams continue byte for byte.
// terminate() ends the session for good; its streams fail.
//
// Implementation split by concern: tunnelsession.cpp (lifecycle, handshake, streams),
// tunnelsessioninbound.cpp (received envelopes), tunnelsessionoutbound.cpp (scheduling).
class TunnelSession : public QObject {
    Q_OBJECT
public:
    enum class Role { Client, Server };
    enum class State { New, Handshaking, Attached, Detached, Terminated };
    static constexpr quint32 kProtocolVersion = 1;

    TunnelSession(Role role, TunnelOptions options, QObject *parent = nullptr);
    ~TunnelSession() override;

    // Client: sends Hello on TRANSPORT (asking to resume once established before).
    void connectTransport(MessageTransport *transport);
    // Server: answers HELLO, the first message of TRANSPORT (decoded by the acceptor),
    // starting this session or, when it was established before, resuming it (any
    // older transport is dropped). Returns false, changing nothing, when HELLO cannot
    // resume this session (it claims envelopes that were never sent).
    bool acceptTransport(MessageTransport *transport, const pmproxy::tunnel::Hello &hello);

    // A new stream toward the peer with request HEAD; nullptr when the session is over
    // or the peer's stream limit is reached. Usable at once (data is queued).
    TunnelStream *openStream(TunnelStreamKind kind, const HttpRequestHead &head);

    // Ends the session: tells the peer (when connected), then fails every stream.
    void close(const QString &reason);
    // The same, with ERROR's code on the wire (e.g. Unauthorized: the token expired).
    void close(const TunnelError &error);
    void terminate(const TunnelError &error);

    Role role() const { return m_role; }
    State state() const { return m_state; }
    QString sessionId() const { return m_sessionId; }
    QByteArray resumeToken() const { return m_resumeToken; }
    const TunnelOptions &options() const { return m_options; }
    const TunnelLimits &peerLimits() const { return m_peer; }
    MessageTransport *transport() const { return m_transport; }
    int streamCount() const { return int(m_streams.size()); }
    qint64 unackedBytes() const { return m_replay.bytes(); }
    std::optional<int> roundTripMs() const { return m_rttMs; }

Q_SIGNALS:
    void established(bool resumed);
    void newStream(pc::TunnelStream *stream);
    void detached(const QString &why);
    void terminated(const pc::TunnelError &error);
    void roundTripMeasured(int ms);

private:
    friend class TunnelStream;

    // tunnelsession.cpp
    void adoptTransport(MessageTransport *transport);
    void loseTransport(const QString &why);
    void becomeAttached(bool resumed);
    void protocolFailure(TunnelErrorCode code, const QString &message);
    void resetForNewSession();
    QString peerName() const;
    TunnelStream *findStream(quint32 id) const;
    bool isPeerId(quint32 id) const;
    bool isStaleId(quint32 id) const;
    void removeStream(TunnelStream *stream);
    void checkOver(TunnelStream *stream);
    void streamHasOutput(TunnelStream *stream);
    void streamConsumed(TunnelStream *stream);
    void streamDestroyed(TunnelStream *stream);

    // tunnelsessioninbound.cpp
    void onMessage(const QByteArray &bytes);
    void onWelcome(const pmproxy::tunnel::Welcome &welcome);
    void onOpen(const pmproxy::tunnel::Open &open);
    void onResponse(const pmproxy::tunnel::Response &response);
    void onData(pmproxy::tunnel::Data *data);
    void onClose(const pmproxy::tunnel::Close &close);
    void onError(const pmproxy::tunnel::Error &error);
    void onWindowUpdate(const pmproxy::tunnel::WindowUpdate &update);
    void noteReliableReceived(qint64 bytes);

    // tunnelsessionoutbound.cpp
    void schedulePump();
    void pump();
    void sendControl();
    bool sendNextStreamItem();
    bool sendRoundRobin(bool interactiveOnly);
    bool isInteractive(const TunnelStream *stream) const;
    bool sendStreamItem(TunnelStream *stream);
    void sendReliable(pmproxy::tunnel::Envelope &envelope);
    void sendUnreliable(const pmproxy::tunnel::Envelope &envelope);
    void replayUnacknowledged();

    Role m_role;
    TunnelOptions m_options;
    TunnelCodec m_codec;
    TunnelLimits m_peer; // what the peer accepts (conservative until the handshake)
    State m_state = State::New;
    bool m_everEstablished = false;
    QString m_sessionId;
    QByteArray m_resumeToken;

    QPointer<MessageTransport> m_transport;
    TunnelHeartbeat *m_heartbeat;
    QElapsedTimer m_clock;
    std::optional<int> m_rttMs;

    ReplayBuffer m_replay;
    quint64 m_recvSeq = 0;
    qint64 m_unackedRecvBytes = 0;
    bool m_ackDue = false;
    QTimer m_ackTimer;
    bool m_pingDue = false;
    quint64 m_pingId = 0;
    std::optional<std::pair<quint64, quint64>> m_pongDue; // id, sent_ms

    std::map<quint32, TunnelStream *> m_streams;
    quint32 m_nextLocalId;
    quint32 m_lastPeerId = 0;
    // Round robin: the stream that sent last, one position per pass (interactive items,
    // then all), so that a chatty console does not decide which bulk stream goes next.
    quint32 m_cursor = 0;
    quint32 m_interactiveCursor = 0;
    std::deque<std::pair<quint32, TunnelError>> m_orphanResets; // streams gone locally
    bool m_pumpScheduled = false;
    bool m_pumping = false;
};

} // namespace pc
