#pragma once

#include "http/httpheaders.h"
#include "http/httprequesthead.h"
#include "http/httpresponsehead.h"

#include <QByteArrayView>

namespace pc {

// Receives what HttpParser finds, in wire order. Returning Action::Pause stops the
// parser right after the event: HttpParser::feed() returns the bytes consumed so far,
// and the caller calls resume() and feeds the rest when it is ready (back-pressure).
// Callbacks must not call the parser's feed(), finish() or reset().
class HttpParserListener {
public:
    enum class Action { Continue, Pause };

    virtual ~HttpParserListener();

    // A request head (request mode). The body, if any, follows through onBody().
    virtual Action onRequestHead(const HttpRequestHead &head);
    // A response head (response mode); interim 1xx responses come too, each followed
    // directly by onMessageComplete().
    virtual Action onResponseHead(const HttpResponseHead &head);
    // A piece of the body, de-chunked; pieces are never gathered into a whole body.
    // The view is valid only during the call.
    virtual Action onBody(QByteArrayView data);
    // The trailer section of a chunked body, if it had any fields.
    virtual void onTrailers(const HttpHeaders &trailers);
    // The end of the message.
    virtual Action onMessageComplete();
};

} // namespace pc
