#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QTcpServer;
class QTcpSocket;

// A plain TCP forwarder on 127.0.0.1 standing for the network between the app and the
// gateway: tests cut its connections (a network blip) or point it at a restarted
// gateway.
class TcpRelay : public QObject {
public:
    explicit TcpRelay(quint16 target, QObject *parent = nullptr);
    quint16 port() const;
    void setTarget(quint16 target) { m_target = target; }
    // Drops every relayed connection at once, both sides, as a broken network would.
    int cutAll();
    int connections() const;

private:
    void accept();

    QTcpServer *m_server;
    quint16 m_target;
    QList<QPointer<QTcpSocket>> m_sockets;
};
