#include "config/wireguardkey.h"

namespace gw {

std::optional<QByteArray> WireGuardKey::parse(QStringView text) {
    // 32 bytes are 43 base64 digits and one "=" of padding.
    if (text.size() != 44 || !text.endsWith(u'='))
        return std::nullopt;
    for (QChar c : text.left(43)) {
        const bool digit = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') ||
                           (c >= u'0' && c <= u'9') || c == u'+' || c == u'/';
        if (!digit)
            return std::nullopt;
    }
    const auto decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != Size)
        return std::nullopt;
    // Canonical only: the last digit carries 4 unused bits, which must be zero.
    if (decoded.decoded.toBase64() != text.toLatin1())
        return std::nullopt;
    return decoded.decoded;
}

std::optional<QByteArray> WireGuardKey::parseFile(const QByteArray &content) {
    if (content.size() > 256)
        return std::nullopt;
    return parse(QString::fromLatin1(content.trimmed()));
}

} // namespace gw
