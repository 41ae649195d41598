#include "token/jws.h"

#include "token/base64url.h"
#include "token/jwscrypto.h"
#include "token/strictjson.h"
#include "token/tokenlog.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

struct HeaderInfo {
    JwsAlgorithm alg;
    std::optional<QString> kid;
};

// Header values come from the token: quote a short, printable excerpt in messages.
QString excerpt(const QString &text) {
    QString out;
    for (QChar c : text.left(32))
        out += c.isPrint() ? c : u'?';
    return out;
}

Expected<HeaderInfo, TokenError> checkHeader(const QJsonObject &header) {
    const QJsonValue alg = header.value(u"alg"_s);
    if (!alg.isString())
        return tokenError(TokenErrorCode::BadHeader, u"the JWS header has no \"alg\" string"_s);
    const QString name = alg.toString();
    // "none" means unsigned; refuse it in any spelling (RFC 8725 §3.1), and before
    // anything else so the reason is always the same.
    if (name.compare(u"none"_s, Qt::CaseInsensitive) == 0)
        return tokenError(TokenErrorCode::AlgNone,
                          u"unsigned token (alg \"none\") refused: tokens must be signed"_s);
    const auto known = jwsAlgorithmFromName(name);
    if (!known)
        return tokenError(TokenErrorCode::AlgNotAllowed,
                          u"algorithm \"%1\" is not supported"_s.arg(excerpt(name)));
    // We implement no JWS extension, so any "crit" makes the token unprocessable
    // (RFC 7515 §4.1.11). This also refuses unencoded payloads (RFC 7797 "b64").
    if (header.contains(u"crit"_s))
        return tokenError(TokenErrorCode::CritUnsupported,
                          u"the JWS header has \"crit\": no extensions are supported"_s);
    if (header.contains(u"typ"_s)) {
        const QString typ = header.value(u"typ"_s).toString();
        // RFC 7519 §5.1 recommends "JWT"; RFC 7515 §4.1.9 lets "application/jwt" be
        // written in full. Anything else (e.g. "at+jwt", "JOSE") is another kind of token.
        if (!header.value(u"typ"_s).isString() ||
            (typ.compare(u"JWT"_s, Qt::CaseInsensitive) != 0 &&
             typ.compare(u"application/jwt"_s, Qt::CaseInsensitive) != 0))
            return tokenError(TokenErrorCode::BadHeader,
                              u"the JWS header's \"typ\" is not \"JWT\""_s);
    }
    HeaderInfo info{*known, std::nullopt};
    if (header.contains(u"kid"_s)) {
        if (!header.value(u"kid"_s).isString())
            return tokenError(TokenErrorCode::BadHeader,
                              u"the JWS header's \"kid\" is not a string"_s);
        info.kid = header.value(u"kid"_s).toString();
    }
    // "jwk", "jku", "x5u", "x5c" are deliberately ignored: keys come from our
    // configuration only, never from the token that is being checked (RFC 8725 §3.10).
    return info;
}

Expected<QByteArray, TokenError> decodeSegment(QByteArrayView segment, const QString &what) {
    auto bytes = Base64Url::decode(segment);
    if (!bytes)
        return tokenError(TokenErrorCode::BadBase64, what + u": "_s + bytes.error().message());
    return bytes;
}

} // namespace

Expected<JwsParts, TokenError> Jws::verify(QByteArrayView token, const KeySet &keys) {
    // Before any decoding: bounds the work an unauthenticated sender can cause.
    if (token.size() > MaxTokenSize)
        return tokenError(TokenErrorCode::TooLarge,
                          u"the token is larger than %1 bytes"_s.arg(MaxTokenSize));
    const qsizetype dot1 = token.indexOf('.');
    const qsizetype dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    if (dot1 <= 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0)
        return tokenError(TokenErrorCode::Malformed,
                          u"not a JWS: expected three base64url segments separated by '.'"_s);

    auto headerJson = decodeSegment(token.first(dot1), u"JWS header"_s);
    if (!headerJson)
        return unexpected(headerJson.error());
    auto header = StrictJson::parseObject(*headerJson, u"JWS header"_s);
    if (!header)
        return unexpected(header.error());
    auto info = checkHeader(*header);
    if (!info)
        return unexpected(info.error());

    auto payload = decodeSegment(token.sliced(dot1 + 1, dot2 - dot1 - 1), u"JWS payload"_s);
    if (!payload)
        return unexpected(payload.error());
    auto signature = decodeSegment(token.sliced(dot2 + 1), u"JWS signature"_s);
    if (!signature)
        return unexpected(signature.error());
    if (signature->isEmpty())
        return tokenError(TokenErrorCode::BadSignature, u"the token has an empty signature"_s);

    auto candidates = keys.candidates(info->kid, info->alg);
    if (!candidates)
        return unexpected(candidates.error());
    const QByteArrayView signingInput = token.first(dot2);
    for (const JwtKey &key : *candidates) {
        if (JwsCrypto::verify(info->alg, key, signingInput, *signature)) {
            return JwsParts{std::move(header).value(), std::move(payload).value(), info->alg,
                            info->kid.value_or(QString()), key};
        }
    }
    qCDebug(lcToken) << "signature check failed with" << candidates->size() << "candidate key(s)";
    return tokenError(TokenErrorCode::BadSignature,
                      u"the signature does not verify (tampered token or wrong key)"_s);
}

Expected<QByteArray, TokenError> Jws::sign(const QByteArray &payload, const JwtKey &key,
                                           JwsAlgorithm alg, const QJsonObject &extraHeader) {
    QJsonObject header = extraHeader;
    header.insert(u"alg"_s, jwsAlgorithmName(alg));
    return signWithHeader(QJsonDocument(header).toJson(QJsonDocument::Compact), payload, key);
}

Expected<QByteArray, TokenError> Jws::signWithHeader(const QByteArray &headerJson,
                                                     const QByteArray &payload, const JwtKey &key) {
    auto header = StrictJson::parseObject(headerJson, u"JWS header"_s);
    if (!header)
        return unexpected(header.error());
    auto info = checkHeader(*header);
    if (!info)
        return unexpected(info.error());
    const QByteArray signingInput =
        Base64Url::encode(headerJson) + '.' + Base64Url::encode(payload);
    auto signature = JwsCrypto::sign(info->alg, key, signingInput);
    if (!signature)
        return unexpected(signature.error());
    const QByteArray token = signingInput + '.' + Base64Url::encode(*signature);
    if (token.size() > MaxTokenSize)
        return tokenError(TokenErrorCode::TooLarge,
                          u"the signed token would be larger than %1 bytes"_s.arg(MaxTokenSize));
    return token;
}

} // namespace pc
