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
    // The llhttp event the handler paused on for the driver to finish outside llhttp.
    enum class Pending { None, StatusLine, Head, ChunkEnd, MessageEnd };

    Phase phase = Phase::Head;
    Pending pending = Pending::None;
    bool paused = false;    // the listener asked for a pause
    bool begun = false;     // llhttp got the current message's first byte
    bool leadingCr = false; // an empty line before the message: its CR was seen
    qsizetype leadingBytes = 0;
    bool upgradeAfter = false;        // the stream stops being HTTP after this message
    bool closeAfter = false;          // the connection is not kept after this message
    bool trailers = false;            // the last chunk was seen: llhttp reads the trailers
    quint64 bodyBytes = 0;            // delivered through onBody for this message
    quint64 expectedBody = 0;         // Phase::Length: the whole body
    QList<QByteArray> requestMethods; // response mode: methods of the requests sent
    std::optional<HttpParseError> callbackError; // why a callback refused the input

    // Resets what belongs to one message.
    void startMessage();
};

} // namespace pc
