#include "api/apitoken.h"

#include <QCryptographicHash>
#include <QFile>
#include <openssl/crypto.h>

using namespace Qt::StringLiterals;

namespace gw {

namespace {
QByteArray digest(QByteArrayView bytes) {
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}
} // namespace

ApiToken::ApiToken(QByteArray digestBytes)
    : m_digest(std::move(digestBytes)) {}

pc::Expected<ApiToken, QString> ApiToken::fromFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return pc::unexpected(u"api.tokenFile: cannot read %1: %2"_s.arg(path, file.errorString()));
    const QByteArray secret = file.read(64 * 1024).trimmed();
    if (secret.isEmpty())
        return pc::unexpected(u"api.tokenFile: %1 holds no token"_s.arg(path));
    return fromSecret(secret);
}

ApiToken ApiToken::fromSecret(const QByteArray &secret) {
    return ApiToken(digest(secret));
}

bool ApiToken::admits(const QByteArray &authorization) const {
    static const QByteArray scheme = "bearer ";
    if (authorization.size() <= scheme.size() ||
        authorization.left(scheme.size()).toLower() != scheme)
        return false;
    const QByteArray offered = digest(authorization.mid(scheme.size()).trimmed());
    return offered.size() == m_digest.size() &&
           CRYPTO_memcmp(offered.constData(), m_digest.constData(), size_t(m_digest.size())) == 0;
}

} // namespace gw
