#pragma once

#include "simclient.h"

#include <QObject>
#include <QSslCertificate>
#include <QSslKey>

class QSslServer;

namespace flowtest {

// The naive pass-through the gateway is measured against: it terminates TLS with its
// own certificate and copies bytes to and from the BMC unchanged (what a TCP/TLS
// forwarder or a reverse proxy without per-platform rules does).
class TlsRelay : public QObject {
public:
    TlsRelay(quint16 bmcPort, QObject *parent = nullptr);
    bool listening() const;
    bmcsim::test::Endpoint endpoint() const;

private:
    void accept();

    QSslServer *m_server;
    quint16 m_bmcPort;
    QSslCertificate m_certificate;
};

} // namespace flowtest
