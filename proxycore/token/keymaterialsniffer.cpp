#include "token/keymaterialsniffer.h"

#include "token/opensslutil.h"

using namespace Qt::StringLiterals;

namespace pc {

namespace {

bool isDerKeyOrCertificate(QByteArrayView der) {
    // Every DER key or certificate is an ASN.1 SEQUENCE.
    if (der.size() < 16 || der.front() != '\x30')
        return false;
    for (int selection : {EVP_PKEY_PUBLIC_KEY, EVP_PKEY_KEYPAIR}) {
        if (ossl::decodeKey(der, "DER", nullptr, nullptr, selection))
            return true;
    }
    const auto *p = reinterpret_cast<const unsigned char *>(der.data());
    ossl::Ptr<X509> cert(d2i_X509(nullptr, &p, long(der.size())));
    return bool(cert);
}

} // namespace

std::optional<QString> KeyMaterialSniffer::asymmetricKeyHint(QByteArrayView bytes) {
    ossl::ErrorQueueGuard guard;
    const QByteArrayView text = bytes.trimmed();
    if (bytes.contains("-----BEGIN"))
        return u"a PEM document"_s;
    if (text.startsWith('{') && (text.contains("\"kty\"") || text.contains("\"keys\"")))
        return u"a JWK/JWKS document"_s;
    for (const char *prefix : {"ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-"}) {
        if (text.startsWith(prefix))
            return u"an OpenSSH public key"_s;
    }
    if (isDerKeyOrCertificate(bytes))
        return u"a DER-encoded key or certificate"_s;
    // A PEM body without its armor lines is base64 of DER.
    if (text.size() >= 64 && text.startsWith("MI")) {
        QByteArray body;
        for (char c : text) {
            if (c != '\n' && c != '\r' && c != ' ' && c != '\t')
                body += c;
        }
        const auto decoded =
            QByteArray::fromBase64Encoding(body, QByteArray::AbortOnBase64DecodingErrors);
        if (decoded && isDerKeyOrCertificate(decoded.decoded))
            return u"a base64-encoded DER key or certificate"_s;
    }
    return std::nullopt;
}

} // namespace pc
