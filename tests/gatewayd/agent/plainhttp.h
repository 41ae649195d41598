#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>

namespace agenttest {

// A plain-HTTP service on 127.0.0.1 (what an agent's --publish names): answers every
// request with 200 and a small body naming the request's target, then closes; records
// the request heads it received.
class PlainHttp : public QObject {
public:
    explicit PlainHttp(QObject *parent = nullptr);

    bool ok() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    const QList<QByteArray> &requests() const { return m_requests; }

private:
    QTcpServer m_server;
    QList<QByteArray> m_requests;
};

} // namespace agenttest
