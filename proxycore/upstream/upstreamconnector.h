#pragma once

#include "upstream/upstreamerror.h"
#include "upstream/upstreamtarget.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QSslSocket;

namespace pc {

// Opens one TLS connection to a BMC with a deadline and the target's certificate
// policy (or, for a plain target, a TCP connection: the socket is then an unencrypted
// QSslSocket). Emits exactly one of ready() (ownership of the socket passes
// to the receiver) or failed(), then deletes itself.
class UpstreamConnector : public QObject {
    Q_OBJECT
public:
    static UpstreamConnector *start(const UpstreamTarget &target, int timeoutMs,
                                    QObject *parent = nullptr);
    void cancel();

Q_SIGNALS:
    void ready(QSslSocket *socket);
    void failed(const pc::UpstreamError &error);

private:
    UpstreamConnector(const UpstreamTarget &target, int timeoutMs, QObject *parent);
    void begin();
    void onEncrypted();
    void succeed();
    void fail(UpstreamError::Kind kind, const QString &message);

    UpstreamTarget m_target;
    QPointer<QSslSocket> m_socket;
    QTimer m_deadline;
    bool m_done = false;
};

} // namespace pc
