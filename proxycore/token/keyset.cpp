#include "token/keyset.h"

#include "token/keyloader.h"

using namespace Qt::StringLiterals;

namespace pc {

namespace {

// Key ids come from tokens: quote a short, printable excerpt in messages.
QString quoted(const QString &text) {
    QString out;
    for (QChar c : text.left(64))
        out += c.isPrint() ? c : u'?';
    return u"\""_s + out + (text.size() > 64 ? u"…\""_s : u"\""_s);
}

Expected<QList<JwtKey>, TokenError> loadEntry(const KeyEntry &entry) {
    QList<JwtKey> keys;
    switch (entry.source) {
    case KeyEntry::Source::SecretFile:
    case KeyEntry::Source::PublicKeyFile: {
        auto key = entry.source == KeyEntry::Source::SecretFile
                       ? KeyLoader::loadSecretFile(entry.path)
                       : KeyLoader::loadPublicKeyFile(entry.path);
        if (!key)
            return unexpected(key.error());
        if (!entry.kid.isEmpty())
            key->setKid(entry.kid);
        keys << *key;
        break;
    }
    case KeyEntry::Source::JwksFile: {
        auto loaded = KeyLoader::loadJwksFile(entry.path);
        if (!loaded)
            return unexpected(loaded.error());
        for (const JwtKey &key : *loaded) {
            if (entry.kid.isEmpty() || key.kid() == entry.kid)
                keys << key;
        }
        if (keys.isEmpty()) {
            return tokenError(TokenErrorCode::UnknownKid,
                              entry.path + u": no key with kid %1"_s.arg(quoted(entry.kid)));
        }
        break;
    }
    }
    if (entry.alg) {
        for (JwtKey &key : keys) {
            if (auto ok = key.restrictTo(*entry.alg); !ok)
                return tokenError(TokenErrorCode::BadKey,
                                  entry.path + u": "_s + ok.error().message());
        }
    }
    return keys;
}

} // namespace

Expected<KeySet, TokenError> KeySet::fromEntries(const QList<KeyEntry> &entries) {
    KeySet set;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        auto keys = loadEntry(entries.at(i));
        TokenStatus added = std::monostate{};
        for (const JwtKey &key : keys ? *keys : QList<JwtKey>()) {
            added = set.add(key);
            if (!added)
                break;
        }
        const TokenError *error = !keys ? &keys.error() : !added ? &added.error() : nullptr;
        if (error) {
            return unexpected(
                TokenError(error->reason(), u"keys[%1]: %2"_s.arg(i).arg(error->message())));
        }
    }
    return set;
}

Expected<KeySet, TokenError> KeySet::fromConfigJson(const QJsonArray &keys) {
    QList<KeyEntry> entries;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        auto entry = keys.at(i).isObject() ? KeyEntry::fromJson(keys.at(i).toObject())
                                           : Expected<KeyEntry, TokenError>(tokenError(
                                                 TokenErrorCode::BadKey, u"not an object"_s));
        if (!entry) {
            return unexpected(TokenError(entry.error().reason(),
                                         u"keys[%1]: %2"_s.arg(i).arg(entry.error().message())));
        }
        entries << *entry;
    }
    return fromEntries(entries);
}

Expected<KeySet, TokenError>
KeySet::fromKeyFile(const QString &path, std::optional<JwsAlgorithm> alg, const QString &kid) {
    auto loaded = KeyLoader::loadAnyFile(path);
    if (!loaded)
        return unexpected(loaded.error());
    QList<JwtKey> keys = *loaded;
    if (!kid.isEmpty()) {
        if (keys.size() == 1 && keys.constFirst().kid().isEmpty()) {
            keys.first().setKid(kid);
        } else {
            keys.removeIf([&](const JwtKey &key) { return key.kid() != kid; });
            if (keys.isEmpty())
                return tokenError(TokenErrorCode::UnknownKid,
                                  path + u": no key with kid %1"_s.arg(quoted(kid)));
        }
    }
    if (alg) {
        // A JWK Set may mix key types: keep those usable with `alg`.
        keys.removeIf([&](const JwtKey &key) {
            return !JwtKey::familyAlgorithms(key.type()).contains(*alg) ||
                   !key.algorithms().contains(*alg);
        });
        if (keys.isEmpty()) {
            return tokenError(TokenErrorCode::AlgNotAllowed,
                              path + u": no key there can be used with "_s +
                                  jwsAlgorithmName(*alg));
        }
        for (JwtKey &key : keys)
            (void)key.restrictTo(*alg); // cannot fail: checked above
    }
    KeySet set;
    for (const JwtKey &key : keys) {
        if (auto added = set.add(key); !added)
            return tokenError(added.error().reason(), path + u": "_s + added.error().message());
    }
    return set;
}

TokenStatus KeySet::add(const JwtKey &key) {
    if (key.isNull())
        return tokenError(TokenErrorCode::BadKey, u"null key"_s);
    if (!key.kid().isEmpty()) {
        for (const JwtKey &existing : m_keys) {
            if (existing.kid() == key.kid())
                return tokenError(TokenErrorCode::BadKey,
                                  u"two keys have the kid %1"_s.arg(quoted(key.kid())));
        }
    }
    m_keys << key;
    return std::monostate{};
}

Expected<QList<JwtKey>, TokenError> KeySet::candidates(const std::optional<QString> &kid,
                                                       JwsAlgorithm alg) const {
    QList<JwtKey> matching;
    if (kid) {
        for (const JwtKey &key : m_keys) {
            if (key.kid() == *kid)
                matching << key;
        }
        if (matching.isEmpty()) {
            for (const JwtKey &key : m_keys) {
                if (key.kid().isEmpty())
                    matching << key;
            }
        }
        if (matching.isEmpty())
            return tokenError(TokenErrorCode::UnknownKid,
                              u"no key has the kid %1"_s.arg(quoted(*kid)));
    } else {
        matching = m_keys;
    }
    QList<JwsAlgorithm> offered;
    QList<JwtKey> result;
    for (const JwtKey &key : matching) {
        if (key.allows(alg))
            result << key;
        for (JwsAlgorithm a : key.algorithms()) {
            if (!offered.contains(a))
                offered << a;
        }
    }
    if (result.isEmpty()) {
        // An HS* token against RSA/EC/Ed25519 keys lands here: the algorithm confusion
        // attack (RFC 8725 §2.1) fails because keys carry the algorithms they allow.
        return tokenError(TokenErrorCode::AlgNotAllowed,
                          u"algorithm %1 is not allowed for %2 (allowed: %3)"_s.arg(
                              jwsAlgorithmName(alg),
                              kid ? u"the key with kid "_s + quoted(*kid) : u"the keys"_s,
                              offered.isEmpty() ? u"none"_s : jwsAlgorithmNames(offered)));
    }
    return result;
}

Expected<JwtKey, TokenError> KeySet::signingKey(const QString &kid,
                                                std::optional<JwsAlgorithm> alg) const {
    QList<JwtKey> usable;
    for (const JwtKey &key : m_keys) {
        if (!kid.isEmpty() && key.kid() != kid && !key.kid().isEmpty())
            continue;
        if (alg && !key.allows(*alg))
            continue;
        if (key.hasPrivate())
            usable << key;
    }
    if (usable.size() > 1 && !kid.isEmpty())
        usable.removeIf([&](const JwtKey &key) { return key.kid() != kid; });
    if (usable.isEmpty()) {
        return tokenError(TokenErrorCode::SignFailed,
                          u"no private key or secret to sign with%1%2"_s.arg(
                              kid.isEmpty() ? QString() : u" (kid "_s + quoted(kid) + u")"_s,
                              alg ? u" for "_s + jwsAlgorithmName(*alg) : QString()));
    }
    if (usable.size() > 1)
        return tokenError(TokenErrorCode::SignFailed,
                          u"several keys could sign; choose one by kid"_s);
    return usable.constFirst();
}

} // namespace pc
