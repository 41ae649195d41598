#include "token/keyloader.h"

#include "token/jwkparser.h"
#include "token/pemkeyparser.h"

#include <QFile>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

template <typename T>
Expected<T, TokenError> withPath(Expected<T, TokenError> result, const QString &path) {
    if (result)
        return result;
    return unexpected(
        TokenError(result.error().reason(), path + u": "_s + result.error().message()));
}

// Printable UTF-8 text (tabs and line breaks allowed), as opposed to binary bytes.
bool isText(QByteArrayView bytes) {
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t' && c != '\r' && c != '\n') || u == 0x7f)
            return false;
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString ignored = decoder.decode(bytes);
    return !decoder.hasError();
}

} // namespace

KeyFileFormat KeyLoader::detectFormat(QByteArrayView content) {
    // Only text can be JSON: a binary secret may well start with the byte '{'.
    if (content.trimmed().startsWith('{') && isText(content))
        return KeyFileFormat::Jwk;
    if (content.contains("-----BEGIN"))
        return KeyFileFormat::Pem;
    return KeyFileFormat::RawSecret;
}

Expected<QByteArray, TokenError> KeyLoader::readFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tokenError(TokenErrorCode::KeyFileIo, path + u": "_s + file.errorString());
    QByteArray content = file.read(MaxFileSize + 1);
    if (content.size() > MaxFileSize)
        return tokenError(TokenErrorCode::BadKey, path + u": larger than 1 MiB, not a key file"_s);
    if (file.error() != QFileDevice::NoError)
        return tokenError(TokenErrorCode::KeyFileIo, path + u": "_s + file.errorString());
    return content;
}

Expected<JwtKey, TokenError> KeyLoader::secretFromContent(const QByteArray &content) {
    QByteArrayView secret(content);
    if (isText(secret)) {
        if (secret.endsWith("\r\n"))
            secret.chop(2);
        else if (secret.endsWith('\n'))
            secret.chop(1);
    }
    return JwtKey::fromHmacSecret(secret);
}

Expected<JwtKey, TokenError> KeyLoader::loadSecretFile(const QString &path) {
    auto content = readFile(path);
    if (!content)
        return unexpected(content.error());
    return withPath(secretFromContent(*content), path);
}

Expected<JwtKey, TokenError> KeyLoader::loadPublicKeyFile(const QString &path) {
    auto content = readFile(path);
    if (!content)
        return unexpected(content.error());
    switch (detectFormat(*content)) {
    case KeyFileFormat::Pem:
        return withPath(PemKeyParser::parse(*content), path);
    case KeyFileFormat::Jwk: {
        auto keys = JwkParser::parseDocument(*content);
        if (!keys)
            return withPath<JwtKey>(unexpected(keys.error()), path);
        if (keys->size() != 1) {
            return tokenError(
                TokenErrorCode::BadKey,
                path + u": holds %1 keys; use jwksFile for a JWK Set"_s.arg(keys->size()));
        }
        return keys->constFirst();
    }
    case KeyFileFormat::RawSecret:
        break;
    }
    return tokenError(TokenErrorCode::BadKey,
                      path + u": not a PEM public key, certificate or JWK"_s);
}

Expected<QList<JwtKey>, TokenError> KeyLoader::loadJwksFile(const QString &path) {
    auto content = readFile(path);
    if (!content)
        return unexpected(content.error());
    return withPath(JwkParser::parseDocument(*content), path);
}

Expected<QList<JwtKey>, TokenError> KeyLoader::fromContent(const QByteArray &content) {
    switch (detectFormat(content)) {
    case KeyFileFormat::Jwk:
        return JwkParser::parseDocument(content);
    case KeyFileFormat::Pem: {
        auto key = PemKeyParser::parse(content);
        if (!key)
            return unexpected(key.error());
        return QList<JwtKey>{*key};
    }
    case KeyFileFormat::RawSecret:
        break;
    }
    auto key = secretFromContent(content);
    if (!key)
        return unexpected(key.error());
    return QList<JwtKey>{*key};
}

Expected<QList<JwtKey>, TokenError> KeyLoader::loadAnyFile(const QString &path) {
    auto content = readFile(path);
    if (!content)
        return unexpected(content.error());
    return withPath(fromContent(*content), path);
}

} // namespace pc
