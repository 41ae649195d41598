#pragma once

// Test-side clients of an emulated BMC: HTTPS requests through QNetworkAccessManager
// (trusting the BMC's own certificate), raw TLS exchanges for requests QNAM will not
// send, and a WebSocket console probe. Every wait is testsupport::waitFor, with a timeout.

#include "bmcsim/bmcserver.h"
#include "waitfor.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QSslConfiguration>
#include <QWebSocket>
#include <optional>

namespace bmcsim::test {

using Headers = QList<QPair<QByteArray, QByteArray>>;

struct Reply {
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString error;

    QByteArray header(const QByteArray &name) const;
    QList<QByteArray> headerValues(const QByteArray &name) const;
    QJsonObject json() const;
    // The refusal reason of a {"bmcsim_refused": ...} body, or empty.
    QString refusal() const;
};

QSslConfiguration trusting(const QSslCertificate &certificate);
using testsupport::waitFor;

// Where a client connects: the emulated BMC itself, or something in front of it (the
// gateway, a relay), always https://127.0.0.1:PORT.
struct Endpoint {
    quint16 port = 0;
    QSslConfiguration tls;
    QByteArray address = "127.0.0.1";
    bool secure = true; // https/wss, else http/ws (the app's loopback proxy)

    static Endpoint of(const BmcServer &server);
    // "<address>:<port>", the Host a browser sends, and its origin.
    QByteArray host() const;
    QByteArray origin() const { return (secure ? "https://" : "http://") + host(); }
    QString url(const QByteArray &pathAndQuery, bool webSocket = false) const;
};

class SimClient {
public:
    explicit SimClient(BmcServer &server); // the BMC's port, once it listens
    explicit SimClient(Endpoint endpoint);

    QString url(const QByteArray &pathAndQuery) const;
    Reply request(const QByteArray &method, const QByteArray &pathAndQuery,
                  const Headers &headers = {}, const QByteArray &body = {});
    Reply get(const QByteArray &path, const Headers &headers = {}) {
        return request("GET", path, headers);
    }
    Reply post(const QByteArray &path, const QByteArray &body, const Headers &headers = {}) {
        return request("POST", path, headers, body);
    }
    // The value of a cookie the client's jar holds for the BMC.
    QByteArray cookie(const QByteArray &name) const;
    QNetworkAccessManager &manager() { return m_manager; }

private:
    Endpoint endpoint() const;

    BmcServer *m_server = nullptr;
    Endpoint m_endpoint;
    QNetworkAccessManager m_manager;
};

// A listening emulated BMC and a client for it.
struct SimFixture {
    explicit SimFixture(const ServerOptions &options);
    // "127.0.0.1:<port>", the Host a direct client sends.
    QByteArray host() const;
    QByteArray origin() const { return "https://" + host(); }

    BmcServer server;
    SimClient client{server};
};

// Sends `request` as is over a fresh TLS connection and returns the one response
// (read with proxycore's parser, by the shared test support).
Reply rawExchange(BmcServer &server, const QByteArray &request);
// Sends `requests` as is and returns every byte received until the server closes.
QByteArray rawSession(BmcServer &server, const QByteArray &requests);

// A console WebSocket client that records what it receives.
class ConsoleProbe {
public:
    ConsoleProbe(BmcServer &server, const QByteArray &pathAndQuery, const Headers &headers = {},
                 const QStringList &subprotocols = {}, const QString &origin = {});
    ConsoleProbe(const Endpoint &endpoint, const QByteArray &pathAndQuery,
                 const Headers &headers = {}, const QStringList &subprotocols = {},
                 const QString &origin = {});
    ~ConsoleProbe();

    bool waitConnected(int timeoutMs = 10000);
    bool waitClosed(int timeoutMs = 10000);
    // Waits for the next binary message, or nothing after the timeout.
    std::optional<QByteArray> next(int timeoutMs = 10000);
    void send(const QByteArray &message);

    QWebSocket &socket() { return m_socket; }
    QString subprotocol() const { return m_socket.subprotocol(); }
    QString closeReason() const { return m_socket.closeReason(); }
    QWebSocketProtocol::CloseCode closeCode() const { return m_socket.closeCode(); }
    bool closed() const { return m_closed; }

private:
    QWebSocket m_socket;
    QList<QByteArray> m_received;
    bool m_connected = false;
    bool m_closed = false;
};

// Completes the platform handshake so that frames follow: `hello` must come first,
// then `reply` is sent, then `ack` (if any) must come.
bool handshake(ConsoleProbe &probe, const QByteArray &hello, const QByteArray &reply,
               const QByteArray &ack = {});
// Receives frames and checks the pattern and that numbers increase; then checks that
// an input event is echoed.
void expectPatternAndEcho(ConsoleProbe &probe);

} // namespace bmcsim::test
