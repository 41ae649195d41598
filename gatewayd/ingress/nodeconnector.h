#pragma once

#include "config/hostport.h"
#include "ingress/nodesocketfactory.h"

#include <QObject>
#include <QTimer>

class QSocketNotifier;

namespace gw {

// Connects to a node of a group (a route's target): the socket comes from the group's
// NodeSocketFactory (inside the group's network namespace), the connect is non-blocking
// and bounded by TIMEOUTMS (upstream.connectTimeoutMs). connected() hands over the
// descriptor (then the caller's: adopt it with QTcpSocket::setSocketDescriptor(fd,
// ConnectedState)); failed() says why. The descriptor is closed if it was not handed over.
class NodeConnector : public QObject {
    Q_OBJECT
public:
    NodeConnector(NodeSocketFactory factory, QString group, HostPort target, int timeoutMs,
                  QObject *parent = nullptr);
    ~NodeConnector() override;

    void start();

Q_SIGNALS:
    void connected(int descriptor);
    void failed(const QString &why);

private:
    void writable();
    void fail(const QString &why);
    void closeDescriptor();

    NodeSocketFactory m_factory;
    QString m_group;
    HostPort m_target;
    QTimer m_deadline;
    QSocketNotifier *m_notifier = nullptr;
    int m_fd = -1;
};

} // namespace gw
