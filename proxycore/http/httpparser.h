#pragma once

#include "http/httplimits.h"
#include "http/httpparseerror.h"
#include "http/httpparserlistener.h"
#include "util/expected.h"

#include <QByteArray>
#include <QByteArrayView>
#include <memory>
#include <optional>

namespace pc {

class HttpParserEngine;

// An incremental HTTP/1.1 parser for one direction of one connection, on llhttp in
// strict mode with stricter checks (see HttpHeadTracker, HttpChunkLine and
// HttpFramingRules for what is refused beyond the library).
//
// Feed it byte slices of any size as they arrive; it reports heads, body pieces and
// message ends to the listener as it goes and never holds a whole body. Several
// messages may follow each other on the connection (keep-alive, pipelining).
//
// feed() returns how many bytes it consumed. It consumes fewer than it was given only
// when it stopped: the listener paused it (isPaused(): resume(), then feed the
// unconsumed bytes again, first), an upgrade or CONNECT completed (state() Upgraded:
// the unconsumed bytes belong to the new protocol), or a message that does not keep
// the connection alive completed (state() Closed: the rest is not parsed).
// On an error the parser stays Failed; the error's status is what to answer.
// On EOF from the peer call finish(): it ends a body that runs until EOF and tells a
// clean close from a truncated message.
//
// Errors are reported at the first offending byte, whatever the slicing: feeding a
// byte at a time gives the same events and the same error as feeding all at once.
//
// In a proxy, per client connection:
// - a Mode::Request parser eats the client's bytes. On each request head: remove the
//   hop-by-hop fields (headers.removeHopByHop()), rewrite, write it upstream with
//   HttpSerializer::requestHead() and frame the body from head.framing (Length:
//   Content-Length; Chunked: "Transfer-Encoding: chunked" and HttpSerializer::chunk()
//   / lastChunk()), and pushRequestMethod(head.method) on the response parser.
//   Pause in onBody() while the upstream socket is full; resume() and feed the rest
//   when it drains. On an error answer HttpSerializer::simpleResponse(error.status, ...).
// - a Mode::Response parser eats the upstream's bytes, the same way back; its errors
//   are all 502.
// - an upgrade (isUpgrade() request, then a 101) or a CONNECT: both parsers end
//   Upgraded; the bytes feed() did not consume are the new protocol's first bytes,
//   relay everything raw from then on. If the upstream answers without 101 the
//   request parser is Upgraded but the connection is still HTTP: reset() it.
class HttpParser {
public:
    enum class Mode { Request, Response };
    enum class State {
        Head,     // waiting for or reading a message head
        Body,     // reading a message body
        Upgraded, // an upgrade (101) or CONNECT tunnel began; the stream is no longer HTTP
        Closed,   // a message that does not keep the connection alive ended
        Failed,   // the input was refused, see error()
    };

    // The listener must outlive the parser.
    HttpParser(Mode mode, HttpParserListener *listener, const HttpLimits &limits = {});
    ~HttpParser();
    HttpParser(const HttpParser &) = delete;
    HttpParser &operator=(const HttpParser &) = delete;

    Expected<qsizetype, HttpParseError> feed(QByteArrayView data);
    // EOF: true if it ended a message (a response body delimited by the close), false
    // if it came between messages (or after Upgraded/Closed); an error if it cut a
    // message short.
    Expected<bool, HttpParseError> finish();

    bool isPaused() const;
    void resume();

    // Response mode: the method of each request sent on the connection, in order, so
    // that a response to HEAD has no body and a 2xx to CONNECT opens a tunnel. Without
    // one, a response is taken to answer a GET.
    void pushRequestMethod(QByteArray method);
    qsizetype pendingRequestMethods() const;

    // Back to a fresh parser for the same mode, listener and limits (e.g. to go on
    // with HTTP after a server refused an upgrade). Drops queued request methods.
    void reset();

    Mode mode() const;
    State state() const;
    std::optional<HttpParseError> error() const;

private:
    std::unique_ptr<HttpParserEngine> d;
};

} // namespace pc
