#pragma once

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
};

} // namespace gw
