#include "agent/agentproof.h"

#include <QHostAddress>
#include <QList>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <openssl/crypto.h>

using namespace Qt::StringLiterals;

namespace pc {

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

bool isBase64Url(const QByteArray &value, qsizetype size) {
    if (value.size() != size)
        return false;
    for (char c : value) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

AgentProof AgentProof::make(const QString &id, const QByteArray &secret, qint64 now,
                            const QString &gateway) {
    QByteArray raw(kNonceBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()),
                                          kNonceBytes / sizeof(quint32));
    AgentProof proof{id, now, raw.toBase64(kBase64Url), {}};
    proof.signature = proof.sign(secret, gateway);
    return proof;
}

QByteArray AgentProof::sign(const QByteArray &secret, const QString &gateway) const {
    // An IP literal in its one canonical spelling ("fd00::1", not "FD00:0::1"), so the
    // agent's URL and the gateway's view of its own address agree.
    const QHostAddress literal(gateway);
    const QString name = literal.isNull() ? gateway.toLower() : literal.toString();
    const QByteArray message = "pmproxy-agent-v1\n" + id.toUtf8() + '\n' +
                               QByteArray::number(timestamp) + '\n' + nonce + '\n' + name.toUtf8();
    return QMessageAuthenticationCode::hash(message, secret, QCryptographicHash::Sha256)
        .toBase64(kBase64Url);
}

QByteArray AgentProof::header() const {
    return "PMAgent id=" + id.toUtf8() + ", ts=" + QByteArray::number(timestamp) +
           ", nonce=" + nonce + ", sig=" + signature;
}

std::optional<AgentProof> AgentProof::parse(const QByteArray &header) {
    if (header.size() > 512 || !header.startsWith("PMAgent "))
        return std::nullopt;
    AgentProof proof;
    bool haveTs = false;
    const QList<QByteArray> fields = header.mid(8).split(',');
    if (fields.size() != 4)
        return std::nullopt;
    for (const QByteArray &field : fields) {
        const QByteArray item = field.trimmed();
        const qsizetype eq = item.indexOf('=');
        if (eq <= 0)
            return std::nullopt;
        const QByteArray key = item.left(eq);
        const QByteArray value = item.mid(eq + 1);
        if (key == "id" && proof.id.isEmpty()) {
            proof.id = QString::fromLatin1(value);
            if (!isValidId(proof.id))
                return std::nullopt;
        } else if (key == "ts" && !haveTs) {
            bool ok = false;
            proof.timestamp = value.toLongLong(&ok);
            if (!ok || value.size() > 12 || proof.timestamp <= 0)
                return std::nullopt;
            haveTs = true;
        } else if (key == "nonce" && proof.nonce.isEmpty()) {
            if (!isBase64Url(value, 22))
                return std::nullopt;
            proof.nonce = value;
        } else if (key == "sig" && proof.signature.isEmpty()) {
            if (!isBase64Url(value, 43))
                return std::nullopt;
            proof.signature = value;
        } else {
            return std::nullopt;
        }
    }
    if (proof.id.isEmpty() || !haveTs || proof.nonce.isEmpty() || proof.signature.isEmpty())
        return std::nullopt;
    return proof;
}

bool AgentProof::verify(const QByteArray &secret, const QString &gateway) const {
    const QByteArray expected = sign(secret, gateway);
    return expected.size() == signature.size() &&
           CRYPTO_memcmp(expected.constData(), signature.constData(), size_t(expected.size())) == 0;
}

bool AgentProof::isValidId(const QString &id) {
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"_s);
    return pattern.match(id).hasMatch();
}

QByteArray AgentProof::secretFromFile(const QByteArray &contents) {
    QByteArray secret = contents;
    while (!secret.isEmpty() && QChar::isSpace(uchar(secret.back())))
        secret.chop(1);
    return secret;
}

} // namespace pc
