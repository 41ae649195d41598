#pragma once

#include "simclient.h"

#include <QList>
#include <QObject>
#include <QPair>
#include <QWebSocketProtocol>

class QWebSocket;
class QWebSocketServer;

namespace flowtest {

// A WebSocket-only BMC stand-in (TLS, self-signed) that shows what arrives at the BMC:
// it echoes text as text and binary as binary, answers "close CODE REASON" by closing
// with that code, and records the upgrade requests and the close codes it receives.
class EchoBmc : public QObject {
public:
    explicit EchoBmc(const QStringList &subprotocols, QObject *parent = nullptr);
    ~EchoBmc() override;
    bool listening() const;
    quint16 port() const;

    struct Upgrade {
        QString path; // with the query
        QList<QPair<QByteArray, QByteArray>> headers;
        QString subprotocol;
    };
    const QList<Upgrade> &upgrades() const { return m_upgrades; }
    // Close codes and reasons the BMC received from clients.
    const QList<QPair<QWebSocketProtocol::CloseCode, QString>> &closes() const { return m_closes; }
    int pongs() const { return m_pongs; }

private:
    void accept();

    QWebSocketServer *m_server;
    QList<Upgrade> m_upgrades;
    QList<QPair<QWebSocketProtocol::CloseCode, QString>> m_closes;
    int m_pongs = 0;
};

} // namespace flowtest
