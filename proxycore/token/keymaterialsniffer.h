#pragma once

#include <QByteArrayView>
#include <QString>
#include <optional>

namespace pc {

// Recognises asymmetric key material, so that it is never used as an HMAC secret.
class KeyMaterialSniffer {
public:
    // A short description ("a PEM document", "a DER-encoded public key", ...) when the
    // bytes are, or contain, a PEM/JWK/DER/OpenSSH key or certificate; nullopt otherwise.
    static std::optional<QString> asymmetricKeyHint(QByteArrayView bytes);
};

} // namespace pc
