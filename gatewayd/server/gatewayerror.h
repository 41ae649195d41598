#pragma once

#include "http/httpresponsehead.h"

#include <QByteArray>
#include <QString>

namespace gw {

// An error the gateway answers itself: {"error": "...", "detail": "..."} with a status.
struct GatewayError {
    int status = 400;
    QString error;  // a short stable code, e.g. "token_expired", "bmc_unreachable"
    QString detail; // a human sentence; never contains a token or secret

    // The complete HTTP/1.1 response, with `Connection: close` when CLOSE is set.
    QByteArray toResponse(bool close) const;
    // The same as a head (Content-Length: BODYSIZE) and a body, for a pc::ResponseWriter.
    pc::HttpResponseHead head(qsizetype bodySize, bool close) const;
    QByteArray body() const;
};

} // namespace gw
