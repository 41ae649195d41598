#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace pc::wshandshake {

// The opening handshake of RFC 6455 §4 for the tunnel's hand-written WebSocket (see
// wsframe.h): the client's GET upgrade and the server's 101.

// A fresh Sec-WebSocket-Key: 16 random bytes, base64.
QByteArray newKey();
// The Sec-WebSocket-Accept for KEY: base64(SHA-1(KEY + the RFC's GUID)).
QByteArray acceptFor(QByteArrayView key);

// The client's upgrade request for URL (ws:// or wss://) with HEADERS added (e.g.
// Authorization).
QByteArray clientRequest(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers,
                         const QByteArray &key);

// What a server answers to REQUEST, the bytes read so far on a connection (a complete
// request head, maybe followed by the first frames).
struct ServerAnswer {
    bool accepted = false;
    QByteArray response;     // the 101, or an error response ending the connection
    qsizetype headBytes = 0; // where the WebSocket's bytes start in REQUEST
    QString why;             // when refused, for the logs
};
ServerAnswer answerUpgrade(QByteArrayView request);

} // namespace pc::wshandshake
