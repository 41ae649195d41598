#pragma once

#include "http/httpparseerror.h"

#include <QByteArray>
#include <QList>
#include <optional>

namespace pc {

// Internal to HttpParser: the per-connection state that the driver (HttpParserEngine)
// and the event handler (HttpMessageHandler) share.
struct HttpParserState {
    enum class Phase { Head, Length, Chunked, UntilEof, Upgraded, Closed, Failed };

    Phase phase = Phase::Head;
    bool paused = false;                         // the listener asked for a pause
    bool headSeen = false;                       // libhttp-parser reported the end of the head
    bool messageComplete = false;                // ... and of the message; feed() moves on
    bool upgradeAfter = false;                   // the stream stops being HTTP after this message
    bool closeAfter = false;                     // the connection is not kept after this message
    quint64 remaining = 0;                       // Phase::Length: body bytes not yet consumed
    quint64 expectedBody = 0;                    // Phase::Length: the whole body
    quint64 bodyBytes = 0;                       // delivered through onBody for this message
    QList<QByteArray> requestMethods;            // response mode: methods of the requests sent
    std::optional<HttpParseError> callbackError; // why a callback refused the input

    // Resets what belongs to one message.
    void startMessage();
};

} // namespace pc
