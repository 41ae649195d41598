#pragma once

#include "token/jwtkey.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace pc {

enum class KeyFileFormat { Jwk, Pem, RawSecret };

// Reads key files. Errors name the file: "<path>: <problem>".
class KeyLoader {
public:
    static constexpr qsizetype MaxFileSize = 1024 * 1024;

    // Text starting with '{' -> Jwk; contains "-----BEGIN" -> Pem; anything else is a secret.
    static KeyFileFormat detectFormat(QByteArrayView content);

    // A raw HMAC secret file. One trailing "\n" or "\r\n" is not part of the secret when
    // the file is text (written by `echo`, an editor, the original pmproxy's setup);
    // binary secrets (e.g. `head -c 64 /dev/urandom`) are used byte for byte, so one that
    // happens to end in 0x0a keeps it.
    static Expected<JwtKey, TokenError> loadSecretFile(const QString &path);
    static Expected<JwtKey, TokenError> secretFromContent(const QByteArray &content);
    // A PEM key/certificate, or a single JWK; never a raw secret.
    static Expected<JwtKey, TokenError> loadPublicKeyFile(const QString &path);
    // A JWK Set or a single JWK.
    static Expected<QList<JwtKey>, TokenError> loadJwksFile(const QString &path);
    // Any of the above, detected from the content (the CLI's --key FILE).
    static Expected<QList<JwtKey>, TokenError> loadAnyFile(const QString &path);
    static Expected<QList<JwtKey>, TokenError> fromContent(const QByteArray &content);

    static Expected<QByteArray, TokenError> readFile(const QString &path);
};

} // namespace pc
