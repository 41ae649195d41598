#include "config/gatewayconfig.h"

using namespace Qt::StringLiterals;

namespace gw {

QString GatewayConfig::keySourceName(KeySource source) {
    switch (source) {
    case KeySource::SecretFile:
        return u"secretFile"_s;
    case KeySource::PublicKeyFile:
        return u"publicKeyFile"_s;
    case KeySource::JwksFile:
        return u"jwksFile"_s;
    }
    return {};
}

} // namespace gw
