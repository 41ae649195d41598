#pragma once

#include <QString>

namespace pc {

// Why a message was refused. `status` is the HTTP status a server should answer
// with: 400, 413, 414, 431, 501 or 505 for a request; always 502 for a response
// (the peer that sent it is an upstream, so the client gets a Bad Gateway).
// `message` is a short English sentence, safe to show to clients (no raw input).
struct HttpParseError {
    int status = 400;
    QString message;
};

} // namespace pc
