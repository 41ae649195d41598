#pragma once

#include <QObject>
#include <QSslCertificate>
#include <QSslServer>

namespace agenttest {

// A BMC stand-in that speaks raw TLS and echoes every byte back (with back-pressure:
// it reads only while its own write backlog is small), for round trips of any size.
class TlsEcho : public QObject {
public:
    explicit TlsEcho(QObject *parent = nullptr);

    bool ok() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    QSslCertificate certificate() const { return m_certificate; }
    // Connections accepted so far (TCP, before any TLS).
    int connections() const { return m_connections; }

private:
    void serve(QTcpSocket *socket);

    QSslServer m_server;
    QSslCertificate m_certificate;
    int m_connections = 0;
};

} // namespace agenttest
