#pragma once

#include "util/expected.h"

#include <QByteArray>
#include <QString>

namespace gw {

// The management API's bearer token (api.tokenFile). Only its SHA-256 digest is kept;
// a request's `Authorization: Bearer ...` is hashed the same way and the digests are
// compared in constant time (CRYPTO_memcmp), so neither the token's bytes nor its
// length leak through timing.
class ApiToken {
public:
    // The file's content without surrounding whitespace (a trailing newline written by
    // `echo` is not part of the token); an empty token is refused.
    static pc::Expected<ApiToken, QString> fromFile(const QString &path);
    static ApiToken fromSecret(const QByteArray &secret);

    // AUTHORIZATION is the raw header value.
    bool admits(const QByteArray &authorization) const;

private:
    explicit ApiToken(QByteArray digest);
    QByteArray m_digest;
};

} // namespace gw
