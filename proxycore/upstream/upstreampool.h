#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

class QSslSocket;
class QTimer;

namespace pc {

// Idle keep-alive connections to BMCs, reused by later requests to the same target.
// A socket waiting here that closes or sends anything unrequested is discarded.
class UpstreamPool : public QObject {
    Q_OBJECT
public:
    explicit UpstreamPool(int maxIdlePerTarget = 32, int idleTimeoutMs = 30000,
                          QObject *parent = nullptr);
    ~UpstreamPool() override;

    // A connected idle socket for KEY (ownership passes to the caller), or nullptr.
    QSslSocket *take(const QString &key);
    // Hands back a socket whose last response ended cleanly with keep-alive.
    void giveBack(const QString &key, QSslSocket *socket);
    qsizetype idleCount() const;

private:
    struct Idle {
        QSslSocket *socket;
        QTimer *timer;
    };
    void discard(const QString &key, QSslSocket *socket);

    int m_maxIdle;
    int m_idleTimeoutMs;
    QHash<QString, QList<Idle>> m_idle;
};

} // namespace pc
