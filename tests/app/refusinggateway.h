#pragma once

#include <QByteArray>
#include <QSslServer>

// A TLS "gateway" on 127.0.0.1 (certificate tests/app/data/gateway.pem) that answers every
// request, the tunnel's WebSocket upgrade included, with 401 and gatewayd's JSON error
// body: what a gateway does with a token it refuses.
class RefusingGateway : public QObject {
    Q_OBJECT
public:
    explicit RefusingGateway(QByteArray detail);
    bool ok() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    int requests() const { return m_requests; }

private:
    QSslServer m_server;
    QByteArray m_detail;
    int m_requests = 0;
};
