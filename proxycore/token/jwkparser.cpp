#include "token/jwkparser.h"

#include "token/base64url.h"
#include "token/opensslutil.h"
#include "token/strictjson.h"
#include "token/tokenlog.h"

#include <QJsonArray>
#include <QStringList>
#include <openssl/core_names.h>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

Unexpected<TokenError> badKey(const QString &message) {
    return tokenError(TokenErrorCode::BadKey, u"JWK: "_s + message);
}

// A base64url member; `size` > 0 demands exactly that many bytes.
Expected<QByteArray, TokenError> member(const QJsonObject &jwk, const QString &name, int size = 0) {
    const QJsonValue value = jwk.value(name);
    if (!value.isString())
        return badKey(u"member \"%1\" is missing or not a string"_s.arg(name));
    auto bytes = Base64Url::decode(value.toString().toLatin1());
    if (!bytes)
        return badKey(u"member \"%1\": %2"_s.arg(name, bytes.error().message()));
    if (bytes->isEmpty() || (size > 0 && bytes->size() != size))
        return badKey(u"member \"%1\" has the wrong length"_s.arg(name));
    return std::move(bytes).value();
}

Expected<JwtKey, TokenError> fromParams(const char *type, OSSL_PARAM_BLD *bld, bool isPrivate) {
    ossl::Ptr<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld));
    ossl::Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, isPrivate ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                          params.get()) != 1) {
        return badKey(u"OpenSSL refused the %1 key parameters"_s.arg(QString::fromLatin1(type)));
    }
    ossl::Ptr<EVP_PKEY> pkey(raw);
    ossl::Ptr<EVP_PKEY_CTX> check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1)
        return badKey(u"the %1 public key is invalid"_s.arg(QString::fromLatin1(type)));
    return JwtKey::fromEvpKey(ossl::shareKey(std::move(pkey)), isPrivate);
}

bool pushBignum(OSSL_PARAM_BLD *bld, const char *key, const QByteArray &bytes,
                std::vector<ossl::Ptr<BIGNUM>> &keepAlive) {
    keepAlive.push_back(ossl::bignumFromBytes(bytes));
    return keepAlive.back() && OSSL_PARAM_BLD_push_BN(bld, key, keepAlive.back().get());
}

Expected<JwtKey, TokenError> rsaKey(const QJsonObject &jwk) {
    if (jwk.contains(u"oth"_s))
        return badKey(u"multi-prime RSA keys (\"oth\") are not supported"_s);
    auto n = member(jwk, u"n"_s);
    auto e = member(jwk, u"e"_s);
    if (!n)
        return unexpected(n.error());
    if (!e)
        return unexpected(e.error());
    ossl::Ptr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
    std::vector<ossl::Ptr<BIGNUM>> bignums;
    bool ok = bld && pushBignum(bld.get(), OSSL_PKEY_PARAM_RSA_N, *n, bignums) &&
              pushBignum(bld.get(), OSSL_PKEY_PARAM_RSA_E, *e, bignums);
    const bool isPrivate = jwk.contains(u"d"_s);
    if (isPrivate) {
        auto d = member(jwk, u"d"_s);
        if (!d)
            return unexpected(d.error());
        ok = ok && pushBignum(bld.get(), OSSL_PKEY_PARAM_RSA_D, *d, bignums);
        // RFC 7518 §6.3.2: the CRT members come all together or not at all.
        static const char *const names[] = {"p", "q", "dp", "dq", "qi"};
        static const char *const params[] = {
            OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2, OSSL_PKEY_PARAM_RSA_EXPONENT1,
            OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
        int present = 0;
        for (const char *name : names)
            present += jwk.contains(QString::fromLatin1(name)) ? 1 : 0;
        if (present != 0 && present != 5)
            return badKey(u"an RSA private key needs all of p, q, dp, dq, qi or none"_s);
        for (int i = 0; present == 5 && i < 5; ++i) {
            auto value = member(jwk, QString::fromLatin1(names[i]));
            if (!value)
                return unexpected(value.error());
            ok = ok && pushBignum(bld.get(), params[i], *value, bignums);
        }
    }
    if (!ok)
        return badKey(u"out of memory"_s);
    return fromParams("RSA", bld.get(), isPrivate);
}

Expected<JwtKey, TokenError> ecKey(const QJsonObject &jwk) {
    const QString crv = jwk.value(u"crv"_s).toString();
    int size = 0;
    const char *group = nullptr;
    if (crv == u"P-256") {
        size = 32;
        group = "prime256v1";
    } else if (crv == u"P-384") {
        size = 48;
        group = "secp384r1";
    } else {
        return badKey(u"EC curve \"%1\" is not supported (P-256, P-384 are)"_s.arg(crv.left(20)));
    }
    // RFC 7518 §6.2.1.2/§6.2.2.1: x, y and d are full-length, fixed-size octet strings.
    auto x = member(jwk, u"x"_s, size);
    auto y = member(jwk, u"y"_s, size);
    if (!x)
        return unexpected(x.error());
    if (!y)
        return unexpected(y.error());
    const QByteArray point = QByteArray(1, '\x04') + *x + *y;
    ossl::Ptr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
    std::vector<ossl::Ptr<BIGNUM>> bignums;
    bool ok = bld &&
              OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) &&
              OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                               point.constData(), size_t(point.size()));
    const bool isPrivate = jwk.contains(u"d"_s);
    if (isPrivate) {
        auto d = member(jwk, u"d"_s, size);
        if (!d)
            return unexpected(d.error());
        ok = ok && pushBignum(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, *d, bignums);
    }
    if (!ok)
        return badKey(u"out of memory"_s);
    auto key = fromParams("EC", bld.get(), isPrivate);
    if (key && isPrivate) {
        // d must belong to (x, y): a mismatched pair would sign tokens nobody can verify.
        ossl::Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->evpKey(), nullptr));
        if (!ctx || EVP_PKEY_pairwise_check(ctx.get()) != 1)
            return badKey(u"the EC private key \"d\" does not match \"x\"/\"y\""_s);
    }
    return key;
}

Expected<JwtKey, TokenError> okpKey(const QJsonObject &jwk) {
    const QString crv = jwk.value(u"crv"_s).toString();
    if (crv != u"Ed25519")
        return badKey(u"OKP curve \"%1\" is not supported (Ed25519 is)"_s.arg(crv.left(20)));
    auto x = member(jwk, u"x"_s, 32);
    if (!x)
        return unexpected(x.error());
    const auto *xBytes = reinterpret_cast<const unsigned char *>(x->constData());
    if (!jwk.contains(u"d"_s)) {
        ossl::Ptr<EVP_PKEY> pkey(
            EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, xBytes, 32));
        if (!pkey)
            return badKey(u"invalid Ed25519 public key"_s);
        return JwtKey::fromEvpKey(ossl::shareKey(std::move(pkey)), false);
    }
    auto d = member(jwk, u"d"_s, 32);
    if (!d)
        return unexpected(d.error());
    ossl::Ptr<EVP_PKEY> pkey(EVP_PKEY_new_raw_private_key_ex(
        nullptr, "ED25519", nullptr, reinterpret_cast<const unsigned char *>(d->constData()), 32));
    unsigned char derived[32];
    size_t len = sizeof derived;
    if (!pkey || EVP_PKEY_get_raw_public_key(pkey.get(), derived, &len) != 1 || len != 32)
        return badKey(u"invalid Ed25519 private key"_s);
    if (QByteArrayView(reinterpret_cast<const char *>(derived), 32) != QByteArrayView(*x))
        return badKey(u"the Ed25519 private key \"d\" does not match \"x\""_s);
    return JwtKey::fromEvpKey(ossl::shareKey(std::move(pkey)), true);
}

// Why a key of a JWK Set is not one for us to use, or an empty string.
QString skipReason(const QJsonObject &jwk) {
    const QString kty = jwk.value(u"kty"_s).toString();
    const QString crv = jwk.value(u"crv"_s).toString();
    if (kty == u"EC" && crv != u"P-256" && crv != u"P-384")
        return u"EC curve not supported"_s;
    if (kty == u"OKP" && crv != u"Ed25519")
        return u"OKP curve not supported"_s;
    if (kty != u"oct" && kty != u"RSA" && kty != u"EC" && kty != u"OKP")
        return u"key type not supported"_s;
    if (jwk.contains(u"use"_s) && jwk.value(u"use"_s) != u"sig"_s)
        return u"not a signature key (use)"_s;
    const QJsonValue alg = jwk.value(u"alg"_s);
    if (alg.isString() && !jwsAlgorithmFromName(alg.toString()))
        return u"algorithm not supported"_s;
    return {};
}

} // namespace

Expected<JwtKey, TokenError> JwkParser::parseKey(const QJsonObject &jwk) {
    ossl::ErrorQueueGuard guard;
    const QJsonValue kty = jwk.value(u"kty"_s);
    if (!kty.isString())
        return badKey(u"member \"kty\" is missing or not a string"_s);
    for (const QString &name : {u"kid"_s, u"alg"_s, u"use"_s}) {
        if (jwk.contains(name) && !jwk.value(name).isString())
            return badKey(u"member \"%1\" is not a string"_s.arg(name));
    }
    if (jwk.contains(u"use"_s) && jwk.value(u"use"_s) != u"sig"_s)
        return badKey(u"the key is not for signatures (\"use\" is not \"sig\")"_s);
    if (jwk.contains(u"key_ops"_s)) {
        const QJsonArray ops = jwk.value(u"key_ops"_s).toArray();
        if (!ops.contains(u"verify"_s) && !ops.contains(u"sign"_s))
            return badKey(u"the key is not for signatures (\"key_ops\")"_s);
    }

    Expected<JwtKey, TokenError> key = badKey(u"unsupported kty"_s);
    if (kty == u"oct"_s) {
        auto k = member(jwk, u"k"_s);
        if (!k)
            return unexpected(k.error());
        key = JwtKey::fromHmacSecret(*k);
    } else if (kty == u"RSA"_s) {
        key = rsaKey(jwk);
    } else if (kty == u"EC"_s) {
        key = ecKey(jwk);
    } else if (kty == u"OKP"_s) {
        key = okpKey(jwk);
    } else {
        return badKey(u"key type \"%1\" is not supported (oct, RSA, EC, OKP are)"_s.arg(
            kty.toString().left(20)));
    }
    if (!key)
        return key;
    key->setKid(jwk.value(u"kid"_s).toString());
    if (jwk.contains(u"alg"_s)) {
        const QString name = jwk.value(u"alg"_s).toString();
        const auto alg = jwsAlgorithmFromName(name);
        if (!alg)
            return badKey(u"algorithm \"%1\" is not supported"_s.arg(name.left(20)));
        if (auto restricted = key->restrictTo(*alg); !restricted)
            return badKey(restricted.error().message());
    }
    return key;
}

Expected<QList<JwtKey>, TokenError> JwkParser::parseDocument(const QByteArray &json) {
    auto doc = StrictJson::parseObject(json, u"JWK document"_s);
    if (!doc)
        return tokenError(TokenErrorCode::BadKey, doc.error().message());
    if (!doc->contains(u"keys"_s)) {
        auto key = parseKey(*doc);
        if (!key)
            return unexpected(key.error());
        return QList<JwtKey>{*key};
    }
    const QJsonValue keys = doc->value(u"keys"_s);
    if (!keys.isArray())
        return badKey(u"\"keys\" of a JWK Set must be an array"_s);
    const QJsonArray array = keys.toArray();
    if (array.size() > MaxKeys)
        return badKey(u"the JWK Set has more than %1 keys"_s.arg(MaxKeys));
    QList<JwtKey> result;
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            return badKey(u"keys[%1] is not an object"_s.arg(i));
        const QJsonObject jwk = array.at(i).toObject();
        if (const QString why = skipReason(jwk); !why.isEmpty()) {
            qCInfo(lcToken) << "JWK Set: skipping keys[" << i << "]:" << why;
            continue;
        }
        auto key = parseKey(jwk);
        if (!key) {
            return unexpected(TokenError(key.error().reason(),
                                         u"keys[%1]: %2"_s.arg(i).arg(key.error().message())));
        }
        result << *key;
    }
    if (result.isEmpty())
        return badKey(u"the JWK Set holds no usable signature key"_s);
    return result;
}

} // namespace pc
