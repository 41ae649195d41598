#include "config/authsection.h"

#include "config/configloader.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace gw {

namespace {

using Presence = JsonObjectReader::Presence;
using Source = GatewayConfig::KeySource;

const QList<Source> kSources{Source::SecretFile, Source::PublicKeyFile, Source::JwksFile};

QString indexPath(const QString &path, qsizetype index) {
    return path + u"["_s + QString::number(index) + u"]"_s;
}

QString quoted(const QString &text) {
    return u"\""_s + text + u"\""_s;
}

} // namespace

void AuthSection::parse(JsonObjectReader &root, const ConfigFiles &files,
                        GatewayConfig::Auth &auth) {
    JsonObjectReader reader = root.child(u"auth"_s, Presence::Required,
                                         {u"keys"_s, u"leewaySeconds"_s, u"requireUpstreamMatch"_s,
                                          u"revokedJti"_s, u"audience"_s, u"issuers"_s});
    const std::optional<QJsonArray> keys = reader.array(u"keys"_s, Presence::Required);
    if (keys && keys->isEmpty())
        reader.fail(reader.keyPath(u"keys"_s), u"needs at least one key"_s);
    QStringList known{u"kid"_s, u"alg"_s};
    for (Source s : kSources)
        known << GatewayConfig::keySourceName(s);
    for (qsizetype i = 0; keys && i < keys->size() && !reader.failed(); ++i) {
        JsonObjectReader key =
            reader.element(keys->at(i), indexPath(reader.keyPath(u"keys"_s), i), known);
        parseKey(key, files, auth);
    }

    auth.leewaySeconds = reader.integer(u"leewaySeconds"_s, 30, 0, 3600);
    auth.requireUpstreamMatch = reader.boolean(u"requireUpstreamMatch"_s, true);
    const std::optional<QJsonArray> revoked = reader.array(u"revokedJti"_s, Presence::Optional);
    for (qsizetype i = 0; revoked && i < revoked->size(); ++i) {
        const QString path = indexPath(reader.keyPath(u"revokedJti"_s), i);
        if (const auto jti = reader.stringValue(revoked->at(i), path))
            auth.revokedJti << *jti;
    }
    auth.audience = reader.string(u"audience"_s, Presence::Optional).value_or(QString());
    const std::optional<QJsonArray> issuers = reader.array(u"issuers"_s, Presence::Optional);
    for (qsizetype i = 0; issuers && i < issuers->size(); ++i) {
        const QString path = indexPath(reader.keyPath(u"issuers"_s), i);
        if (const auto issuer = reader.stringValue(issuers->at(i), path))
            auth.issuers << *issuer;
    }
    if (issuers && issuers->isEmpty())
        reader.fail(reader.keyPath(u"issuers"_s),
                    u"is empty: list the accepted issuers, or leave the key out to accept any"_s);
}

void AuthSection::parseKey(JsonObjectReader &key, const ConfigFiles &files,
                           GatewayConfig::Auth &auth) {
    GatewayConfig::AuthKey result;
    result.kid = key.string(u"kid"_s, Presence::Required).value_or(QString());
    for (const GatewayConfig::AuthKey &other : std::as_const(auth.keys)) {
        if (!key.failed() && other.kid == result.kid)
            key.fail(key.keyPath(u"kid"_s),
                     u"duplicate kid "_s + quoted(result.kid) + u": kids must be unique"_s);
    }
    result.alg = key.string(u"alg"_s, Presence::Required).value_or(QString());
    const QStringList &algs = ConfigLoader::supportedAlgorithms();
    if (!key.failed() && !algs.contains(result.alg))
        key.fail(key.keyPath(u"alg"_s), u"unsupported algorithm "_s + quoted(result.alg) +
                                            u" (expected one of "_s + algs.join(u", "_s) + u")"_s);

    QList<Source> given;
    for (Source s : kSources) {
        if (key.has(GatewayConfig::keySourceName(s)))
            given << s;
    }
    if (!key.failed() && given.size() != 1)
        key.fail(key.path(), u"needs exactly one of secretFile, publicKeyFile, jwksFile (has "_s +
                                 QString::number(given.size()) + u")"_s);
    if (key.failed())
        return;
    result.source = given.first();
    const QString sourceName = GatewayConfig::keySourceName(result.source);
    // An HMAC secret never doubles as a public key and the other way round: that mix-up
    // is the classic JWT algorithm-confusion attack.
    const bool hmac = result.alg.startsWith(u"HS"_s);
    if (hmac && result.source != Source::SecretFile)
        key.fail(key.keyPath(sourceName), result.alg +
                                              u" is an HMAC algorithm and needs "
                                              u"secretFile, not "_s +
                                              sourceName);
    if (!hmac && result.source == Source::SecretFile)
        key.fail(key.keyPath(sourceName), result.alg + u" is a public-key algorithm and needs "
                                                       u"publicKeyFile or jwksFile, not "
                                                       u"secretFile"_s);
    result.file = files.readableFile(key, sourceName, Presence::Required).value_or(QString());
    if (!key.failed())
        auth.keys << result;
}

} // namespace gw
