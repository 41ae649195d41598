#pragma once

#include <QSslServer>

namespace pc {

// A QSslServer whose connections have TCP_NODELAY from accept() on (see lowdelay.h), so
// that the TLS handshake and everything after it go out without Nagle's delays.
class LowDelaySslServer : public QSslServer {
    Q_OBJECT
public:
    using QSslServer::QSslServer;

protected:
    void incomingConnection(qintptr descriptor) override;
};

} // namespace pc
