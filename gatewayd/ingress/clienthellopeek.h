#pragma once

#include "ingress/clienthelloparser.h"

#include <QObject>
#include <QTimer>

class QSocketNotifier;

namespace gw {

// Waits for a new connection's TLS ClientHello and reads its server name without taking
// the bytes out of the kernel (recv with MSG_PEEK), so that the socket can afterwards be
// handed whole to the gateway's own TLS or passed through to a node. While the hello is
// incomplete, SO_RCVLOWAT is raised past what is already queued so that the socket turns
// readable only when more arrives (no polling); it is set back to 1 before finished().
// At most ClientHelloParser::kMaxBytes are looked at; the deadline ends the wait.
// Once finished() is emitted the descriptor is the caller's (never closed here); a peek
// destroyed before that (its listener deleted) closes it.
class ClientHelloPeek : public QObject {
    Q_OBJECT
public:
    ClientHelloPeek(qintptr descriptor, int timeoutMs, QObject *parent = nullptr);
    ~ClientHelloPeek() override;

    void start();

    qintptr descriptor() const { return m_descriptor; }
    const ClientHelloParser &parser() const { return m_parser; }

Q_SIGNALS:
    // OK: a whole ClientHello (parser().serverName() is its SNI, empty when none).
    // Otherwise WHY says what ended the wait (malformed, too large, closed, timeout).
    void finished(bool ok, const QString &why);

private:
    void readable();
    void finish(bool ok, const QString &why);

    qintptr m_descriptor;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_deadline;
    ClientHelloParser m_parser;
    bool m_done = false;
    qint64 m_seen = 0; // bytes queued at the previous look
};

} // namespace gw
