#pragma once

#include "agent/agentconnectrequest.h"
#include "relay/byterelayobserver.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <memory>

class QHostInfo;
class QSslSocket;

namespace pc {
class ByteRelay;
class TunnelStream;
class UpstreamConnector;
struct UpstreamError;
} // namespace pc

namespace gw {

struct AgentOptions;

// One stream the gateway opened (docs/agents-protocol.md, "Streams"): checks the CONNECT
// request, resolves the target and requires every address inside --allow, connects
// (TLS per Pm-Tls, or plain) before the gateway's deadline, answers 200 and relays raw
// bytes both ways (pc::ByteRelay) until either end ends; or answers why not. Owns the
// stream and the connection and deletes itself (and them) once both are over, or
// kLingerMs after the end began.
class AgentStreamHandler : public QObject, private pc::ByteRelayObserver {
    Q_OBJECT
public:
    static constexpr int kLingerMs = 10000;
    // A relaying stream counts as idle once the BMC spoke last and nothing moved for this
    // long: an HTTP connection between requests, kept by the gateway for reuse.
    static constexpr int kIdleMs = 1000;

    AgentStreamHandler(pc::TunnelStream *stream, std::shared_ptr<const AgentOptions> options,
                       QObject *parent = nullptr);
    ~AgentStreamHandler() override;

    // Answers with REFUSAL instead of connecting (call at once, e.g. while draining).
    void refuse(const AgentRefusal &refusal);
    // While the agent shuts down: ends the relay (FIN both ways) if the stream is idle
    // (kIdleMs), so that connections the gateway merely keeps for reuse do not hold the
    // shutdown for its whole bound. A request waiting for its answer is not idle.
    void endIfIdle();

Q_SIGNALS:
    // Nothing is in flight any more: the stream was refused, or its relay ended (what
    // follows is the ends' goodbyes). Emitted at most once.
    void settled();

private:
    void start();
    void resolved(const QHostInfo &info);
    void checkAndConnect(const QList<QHostAddress> &addresses);
    void connected(QSslSocket *socket);
    void connectFailed(const pc::UpstreamError &error);
    void beginEnd();
    void maybeDone();
    QString what() const;
    void relayed(pc::RelayDirection direction, QByteArrayView data) override;

    std::shared_ptr<const AgentOptions> m_options;
    QPointer<pc::TunnelStream> m_stream;
    AgentConnectRequest m_request;
    QPointer<pc::UpstreamConnector> m_connector;
    QPointer<QSslSocket> m_socket;
    pc::ByteRelay *m_relay = nullptr;
    QTimer m_deadline;
    QTimer m_linger;
    std::optional<pc::RelayDirection> m_lastDirection; // of the last bytes relayed
    QElapsedTimer m_quiet;                             // since they were
    bool m_answered = false;
    bool m_ending = false;
};

} // namespace gw
