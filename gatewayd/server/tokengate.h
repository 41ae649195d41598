#pragma once

#include "config/gatewayconfig.h"
#include "server/gatewayerror.h"
#include "token/gpsessionclaims.h"
#include "token/tokenverifier.h"
#include "util/expected.h"

#include <QSet>

namespace gw {

// Decides whether a token may use this gateway: signature and time window (through
// proxycore's verifier), `upstream` naming this gateway, and `jti` not revoked.
// Target checks (`ip` inside targets.allow) happen when the address is resolved.
class TokenGate {
public:
    static pc::Expected<TokenGate, QString> fromConfig(const GatewayConfig &config);

    pc::Expected<pc::GpsessionClaims, GatewayError> admit(QStringView token) const;

private:
    explicit TokenGate(pc::TokenVerifier verifier, QSet<QString> revoked);

    pc::TokenVerifier m_verifier;
    QSet<QString> m_revokedJti;
};

} // namespace gw
