#pragma once

#include "agent/agentproof.h"
#include "tunnel/tunnelsession.h"
#include "tunnel/tunnelstream.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslServer>
#include <memory>
#include <optional>

namespace pc {
class TunnelAcceptor;
}

namespace agenttest {

// The gateway's end of the agent protocol, in the test process (docs/agents-protocol.md):
// a TLS listener on 127.0.0.1 that reads each upgrade request, checks its Authorization
// proof (AgentProof::parse + verify with the shared secret for gateway "127.0.0.1"),
// answers 401 when it is no good (or while refuseNext > 0), and hands the rest to a
// pc::TunnelAcceptor, as gatewayd mounts its tunnel endpoint. Tests open CONNECT streams
// on the session the agent established.
class FakeGateway : public QObject {
public:
    struct Upgrade {
        std::optional<pc::AgentProof> proof;
        bool verified = false;
        QByteArray publish; // Pm-Agent-Publish
    };

    // SHARETLSWITH: use that gateway's certificate (self-signed certificates of the same
    // name would not both verify).
    FakeGateway(QString agentId, QByteArray secret, const FakeGateway *shareTlsWith = nullptr,
                QObject *parent = nullptr);
    ~FakeGateway() override;

    bool ok() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    QSslCertificate certificate() const { return m_certificate; }

    const QList<Upgrade> &upgrades() const { return m_upgrades; }
    int sessionsStarted() const { return m_started; }
    int sessionsResumed() const { return m_resumed; }
    // The latest session the agent started (null before, or once it ended).
    pc::TunnelSession *session() const { return m_session; }
    bool attached() const;

    // Answer 401 to the next N upgrades (a gateway not configured for the agent yet).
    int refuseNext = 0;

    // Cuts every TCP connection handed to the acceptor (the agent may resume).
    void cutConnections();
    // Forgets every session, as a restarted gateway would: the agent's resume finds none.
    void forgetSessions();

    // Opens a CONNECT stream toward the agent on session(): TARGET is HOST:PORT or
    // "published"; TLS the Pm-Tls value (empty: none sent).
    pc::TunnelStream *openConnect(const QByteArray &target, const QByteArray &tls = "none",
                                  int timeoutMs = 5000);

private:
    void accept(QSslSocket *socket);
    void admit(QSslSocket *socket, const QByteArray &head);
    void makeAcceptor();

    QString m_agentId;
    QByteArray m_secret;
    QSslCertificate m_certificate;
    QSslConfiguration m_tls;
    QSslServer m_server;
    pc::TunnelAcceptor *m_acceptor = nullptr;
    QList<QPointer<QSslSocket>> m_sockets;
    QList<Upgrade> m_upgrades;
    QPointer<pc::TunnelSession> m_session;
    int m_started = 0;
    int m_resumed = 0;
};

// Whether STREAM's response has arrived (waitFor condition), and its pieces.
bool answered(const pc::TunnelStream *stream);
int statusOf(const pc::TunnelStream *stream);
QByteArray errorOf(const pc::TunnelStream *stream);  // Pm-Error
QByteArray detailOf(const pc::TunnelStream *stream); // Pm-Detail

} // namespace agenttest
