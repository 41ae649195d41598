#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

class QIODevice;
class QTimer;

namespace pc {

// Idle keep-alive connections to BMCs, reused by later requests to the same target. A
// connection is a socket, or a tunnel stream that an agent connected to the BMC (the key
// names the agent then). One waiting here that closes or sends anything unrequested is
// discarded.
class UpstreamPool : public QObject {
    Q_OBJECT
public:
    explicit UpstreamPool(int maxIdlePerTarget = 32, int idleTimeoutMs = 30000,
                          QObject *parent = nullptr);
    ~UpstreamPool() override;

    // A connected idle connection for KEY (ownership passes to the caller), or nullptr.
    QIODevice *take(const QString &key);
    // Hands back a connection whose last response ended cleanly with keep-alive.
    void giveBack(const QString &key, QIODevice *connection);
    qsizetype idleCount() const;

private:
    struct Idle {
        QIODevice *socket;
        QTimer *timer;
    };
    void discard(const QString &key, QIODevice *socket);

    int m_maxIdle;
    int m_idleTimeoutMs;
    QHash<QString, QList<Idle>> m_idle;
};

} // namespace pc
