#pragma once

#include "http/httpheaders.h"

#include <QByteArray>
#include <QList>
#include <QObject>

class QSslServer;
class QSslSocket;

namespace securitytest {

// A BMC stand-in (TLS, self-signed, HTTP/1.1 keep-alive) that records every byte it
// receives on each connection and every request it parses (with proxycore's parser),
// so a test sees exactly what reached the BMC and over which connection. It answers
// each request with 200 and a small JSON body {"target":..., "bytes":N}, except:
//   /early...    answered as soon as the head arrives, before the body is read
//   /overlong... answered with 5 bytes more than its Content-Length announces
class RecordingBmc : public QObject {
public:
    struct Request {
        int connection = 0; // 1, 2, ... in the order connections were accepted
        QByteArray method;
        QByteArray target;
        pc::HttpHeaders headers;
        QByteArray body;
        bool complete = false;
    };

    explicit RecordingBmc(QObject *parent = nullptr);
    ~RecordingBmc() override;
    bool listening() const;
    quint16 port() const;

    const QList<Request> &requests() const { return m_requests; }
    // Everything received, all connections, in arrival order.
    QByteArray received() const;
    int connections() const { return int(m_raw.size()); }

private:
    class Connection;
    void accept();

    QSslServer *m_server;
    QList<Request> m_requests;
    QList<QByteArray> m_raw; // per connection
};

} // namespace securitytest
