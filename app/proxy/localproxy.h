#pragma once

#include "proxy/localauth.h"
#include "proxy/localconnection.h"

#include <QObject>
#include <memory>

class QTcpServer;

namespace app {

// A session's loopback proxy: listens on a loopback address of its own (127.0.0.N, so
// that two sessions never share BMC cookies in one browser: cookies ignore ports, not
// hosts; 127.0.0.1 where no other is available) on a port the kernel picks, and serves
// each connection with a LocalConnection over the session's tunnel.
class LocalProxy : public QObject {
    Q_OBJECT
public:
    explicit LocalProxy(LocalConnection::StreamOpener opener, QObject *parent = nullptr);
    ~LocalProxy() override;

    bool listen(QString *error);
    QUrl entryUrl() const;
    QHostAddress address() const;
    quint16 port() const;
    void close();

Q_SIGNALS:
    void traffic(quint64 up, quint64 down);

private:
    void acceptPending();

    QTcpServer *m_server;
    LocalConnection::StreamOpener m_opener;
    std::unique_ptr<LocalAuth> m_auth;
};

} // namespace app
