#pragma once

#include "tunnel/reconnectpolicy.h"
#include "tunnel/tunneloptions.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTimer>
#include <QUrl>
#include <functional>

namespace pc {

class TunnelSession;
class WsClientConnector;

// The app's (or an agent's) end of a tunnel: one TLS WebSocket (WsTransport) to
// URL, authenticated with TOKEN as "Authorization: Bearer" in the upgrade
// request (or with what the authorization callback makes for each attempt: an
// agent's fresh proof), carrying one TunnelSession. When the connection drops
// (or the heartbeat finds the gateway silent) it reconnects with
// ReconnectPolicy's backoff while the token is valid and resumes the session:
// open streams continue where they were.
class TunnelClient : public QObject {
    Q_OBJECT
public:
    struct Options {
        QUrl url;                        // wss://gateway[:port]/.pmproxy/tunnel
        QByteArray token;                // the gpsession token (never logged)
        QList<QSslCertificate> extraCas; // trusted besides the system store (--gateway-ca)
        QDateTime validUntil;            // the token's exp: no reconnecting after it (null: never)
        // When set, called before each attempt for the Authorization header's
        // value, replacing "Bearer " + token (an agent's proof, new for every
        // attempt).
        std::function<QByteArray()> authorization;
        // More headers of the upgrade request (name, value).
        QList<QPair<QByteArray, QByteArray>> extraHeaders;
        // A 401/403 answer to the upgrade is retried with the backoff instead of
        // ending the client (an agent outlasts a gateway not configured for it yet,
        // or a clock that NTP fixes later).
        bool retryRefused = false;
        // What validUntil is read against (null: the system clock).
        std::shared_ptr<const Clock> clock;
        int initialBackoffMs = 500;
        int maxBackoffMs = 15000;
        int connectTimeoutMs = 15000; // TCP + TLS + WebSocket handshake
        TunnelOptions tunnel;
    };

    explicit TunnelClient(Options options, QObject *parent = nullptr);
    ~TunnelClient() override;

    void start();
    // Ends the session (telling the gateway) and stops reconnecting.
    void stop();

    TunnelSession *session() const { return m_session; }
    bool isEstablished() const;
    int attempts() const { return m_attempts; }

Q_SIGNALS:
    void established(bool resumed);
    // The connection dropped; a reconnect follows after DELAYMS.
    void reconnecting(const QString &why, int delayMs);
    // With retryRefused: the gateway answered the upgrade with HTTPSTATUS
    // (401/403); a reconnect follows (reconnecting()).
    void refused(int httpStatus);
    // No more attempts: the token expired, the gateway refused it (HTTPSTATUS
    // 401/403, else 0; not with retryRefused), or the session ended. Streams have
    // failed.
    void failed(const QString &reason, int httpStatus);

private:
    void attempt();
    void upgraded(QSslSocket *socket, const QByteArray &firstBytes);
    void attemptFailed(const QString &why, int httpStatus);
    void retry(const QString &why);
    void giveUp(const QString &reason, int httpStatus);

    Options m_options;
    ReconnectPolicy m_policy;
    TunnelSession *m_session;
    QPointer<WsClientConnector> m_connector; // while connecting
    QTimer m_connectTimer;
    QTimer m_retryTimer;
    int m_attempts = 0;
    bool m_stopped = false;
};

} // namespace pc
