#include "token/keyentry.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

QString sourceName(KeyEntry::Source source) {
    switch (source) {
    case KeyEntry::Source::SecretFile:
        return u"secretFile"_s;
    case KeyEntry::Source::PublicKeyFile:
        return u"publicKeyFile"_s;
    case KeyEntry::Source::JwksFile:
        return u"jwksFile"_s;
    }
    return {};
}

} // namespace

Expected<KeyEntry, TokenError> KeyEntry::fromJson(const QJsonObject &json) {
    const QStringList sources{u"secretFile"_s, u"publicKeyFile"_s, u"jwksFile"_s};
    KeyEntry entry;
    int found = 0;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString name = it.key();
        const bool known = name == u"kid" || name == u"alg" || sources.contains(name);
        if (!known) {
            return tokenError(TokenErrorCode::BadKey,
                              u"unknown member \"%1\" (expected kid, alg and one of secretFile, "
                              u"publicKeyFile, jwksFile)"_s.arg(name));
        }
        if (!it.value().isString() || it.value().toString().isEmpty())
            return tokenError(TokenErrorCode::BadKey,
                              u"\"%1\" must be a non-empty string"_s.arg(name));
        const QString value = it.value().toString();
        if (name == u"kid") {
            entry.kid = value;
        } else if (name == u"alg") {
            entry.alg = jwsAlgorithmFromName(value);
            if (!entry.alg) {
                return tokenError(TokenErrorCode::BadKey,
                                  u"\"alg\": \"%1\" is not supported (%2)"_s.arg(
                                      value, jwsAlgorithmNames(allJwsAlgorithms())));
            }
        } else {
            ++found;
            entry.source = Source(sources.indexOf(name));
            entry.path = value;
        }
    }
    if (found != 1) {
        return tokenError(TokenErrorCode::BadKey,
                          u"a key needs exactly one of secretFile, publicKeyFile, jwksFile"_s);
    }
    return entry;
}

QJsonObject KeyEntry::toJson() const {
    QJsonObject json{{sourceName(source), path}};
    if (!kid.isEmpty())
        json.insert(u"kid"_s, kid);
    if (alg)
        json.insert(u"alg"_s, jwsAlgorithmName(*alg));
    return json;
}

} // namespace pc
