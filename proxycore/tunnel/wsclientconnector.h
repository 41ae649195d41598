#pragma once

#include "http/httpparser.h"
#include "http/httpparserlistener.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSslCertificate>
#include <QSslSocket>
#include <QUrl>
#include <optional>

namespace pc {

// The client's side of the tunnel's WebSocket handshake (see wshandshake.h): connects
// a QSslSocket to URL (wss://: TLS, the peer verified by host name against the system
// store plus EXTRACAS; ws://: plain TCP), sends the upgrade with HEADERS, and checks the
// answer: a 101 with the right Sec-WebSocket-Accept. Emits exactly one of succeeded()
// and failed(); then it is inert (delete it). A connect timeout is the owner's.
class WsClientConnector : public QObject, private HttpParserListener {
    Q_OBJECT
public:
    struct Request {
        QUrl url;
        QList<QSslCertificate> extraCas;
        QList<QPair<QByteArray, QByteArray>> headers;
    };

    explicit WsClientConnector(Request request, QObject *parent = nullptr);
    ~WsClientConnector() override;

    void start();

Q_SIGNALS:
    // SOCKET is connected and upgraded, without a parent (the receiver takes it);
    // FIRSTBYTES came after the 101's head.
    void succeeded(QSslSocket *socket, const QByteArray &firstBytes);
    // HTTPSTATUS: the server's status when it answered the upgrade without a 101, else 0.
    void failed(const QString &why, int httpStatus);

private:
    void sendRequest();
    void readResponse();
    void fail(const QString &why, int httpStatus = 0);
    Action onResponseHead(const HttpResponseHead &head) override;

    Request m_request;
    QPointer<QSslSocket> m_socket;
    HttpParser m_parser;
    QByteArray m_key;
    std::optional<HttpResponseHead> m_head;
    bool m_done = false;
};

} // namespace pc
