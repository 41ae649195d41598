#pragma once

#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QSslCertificate>
#include <QTimer>
#include <QUrl>

Q_DECLARE_LOGGING_CATEGORY(lcIdleTunnels)

namespace pc {
class TunnelClient;
}

namespace bench {

// Opens one tunnel per token to URL, the way the app does (TunnelClient: Hello, Welcome,
// heartbeats), and keeps them open and idle. Prints "established N" on stdout once every
// tunnel is up, or "failed: REASON" and quits with 1. A few at a time, so the gateway's
// handshakes do not all time out together on a small machine.
class IdleTunnels : public QObject {
    Q_OBJECT
public:
    IdleTunnels(QUrl url, QList<QByteArray> tokens, QList<QSslCertificate> cas,
                QObject *parent = nullptr);
    void start();

private:
    void openMore();
    void fail(const QString &why);

    QUrl m_url;
    QList<QByteArray> m_tokens;
    QList<QSslCertificate> m_cas;
    QList<pc::TunnelClient *> m_clients;
    int m_next = 0;
    int m_pending = 0;
    int m_established = 0;
    QTimer m_deadline;
};

} // namespace bench
