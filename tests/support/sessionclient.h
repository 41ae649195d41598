#pragma once

#include "http/httpparser.h"
#include "http/httpparserlistener.h"

#include <QByteArray>
#include <QSslSocket>
#include <memory>

// One keep-alive TLS connection to the gateway's public listener, as a browser keeps
// one: requests one after the other, each response read whole (or its body only
// counted, for large transfers). A live session for as long as it stays connected.
class SessionClient : private pc::HttpParserListener {
public:
    explicit SessionClient(quint16 port);
    ~SessionClient() override;

    bool connected();
    // Sends HEAD (a whole request, "\r\n\r\n" and any body included) and reads the
    // response. Returns its status; 0 (or minus the status) when it did not end whole.
    int request(const QByteArray &head);
    // Like request(), but calls ONCE after AFTER body bytes arrived, then keeps reading
    // until the response ends or the connection closes.
    int requestWithHook(const QByteArray &head, qint64 after, const std::function<void()> &once);
    // Waits for the gateway to close the connection (true) or for the deadline.
    bool waitClosed(int timeoutMs = 10000);

    QByteArray body;      // the last response's body (unless counted only)
    qint64 bodyBytes = 0; // body bytes of the last response
    qint64 received = 0;  // every byte received on this connection
    bool countOnly = false;

private:
    Action onResponseHead(const pc::HttpResponseHead &head) override;
    Action onBody(QByteArrayView data) override;
    Action onMessageComplete() override;

    QSslSocket m_socket;
    std::unique_ptr<pc::HttpParser> m_parser;
    int m_status = 0;
    bool m_done = false;
};
