#pragma once

#include "token/gpsessionclaims.h"

#include <QByteArrayView>

namespace pc {

// The claims of a token read WITHOUT checking its signature: for the app, which holds
// no key and needs the gateway, the BMC, the platform and the expiry to connect and to
// show the session. Nothing read here may grant access: the gateway verifies every
// token before one byte goes to a BMC. Shape, base64url, strict JSON and claim types
// are checked as in verification (same error codes).
class UnverifiedClaims {
public:
    static Expected<GpsessionClaims, TokenError> read(QByteArrayView token);
};

} // namespace pc
