#pragma once

#include "http/httpparseerror.h"
#include "http/httprequesthead.h"

#include <QByteArrayView>

namespace pc {

// What a pc::HttpServerConnection asks of the one who answers its requests. Requests
// come one at a time: the next one (pipelined or not) is read only after the handler
// said the current one is answered (HttpServerConnection::respond() or
// finishResponse()).
class HttpServerHandler {
public:
    virtual ~HttpServerHandler() = default;

    // A request head. Its body is read once the handler asks (readBody()); until then
    // the connection reads nothing more.
    virtual void onRequest(HttpRequestHead head) = 0;
    // A piece of the request's body; true stops reading until resumeBody().
    virtual bool onBody(QByteArrayView data) = 0;
    // The request's body was read to its end.
    virtual void onRequestEnd() {}
    // The client's input was refused: answer it (the connection then closes).
    virtual void onBadRequest(const HttpParseError &error) = 0;
    // No complete request head within the header timeout: answer it, if at all (the
    // connection then closes).
    virtual void onHeaderTimeout(int ms) { Q_UNUSED(ms); }
    // Bytes were read from the client (counted before parsing).
    virtual void onInput(qint64 bytes) { Q_UNUSED(bytes); }
    // The connection begins to close (once; not after takeSocketForUpgrade()).
    virtual void onClosing() {}
};

} // namespace pc
