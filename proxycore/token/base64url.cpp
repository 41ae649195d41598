#include "token/base64url.h"

using namespace Qt::StringLiterals;

namespace pc {

namespace {

// Value of a base64url character, or -1.
int sextet(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

} // namespace

QByteArray Base64Url::encode(QByteArrayView data) {
    return data.toByteArray().toBase64(QByteArray::Base64UrlEncoding |
                                       QByteArray::OmitTrailingEquals);
}

bool Base64Url::isAlphabet(QByteArrayView text) {
    for (char c : text) {
        if (sextet(c) < 0)
            return false;
    }
    return true;
}

Expected<QByteArray, TokenError> Base64Url::decode(QByteArrayView text) {
    // Qt's decoder is lenient (padding, stray characters, non-canonical tails), so the
    // input is validated here first and only then handed to it.
    if (text.contains('='))
        return tokenError(TokenErrorCode::BadBase64, u"base64url must not be padded with '='"_s);
    if (!isAlphabet(text))
        return tokenError(TokenErrorCode::BadBase64,
                          u"invalid character in base64url (only A-Z a-z 0-9 - _ are allowed)"_s);
    const qsizetype rest = text.size() % 4;
    if (rest == 1)
        return tokenError(TokenErrorCode::BadBase64, u"impossible base64url length"_s);
    if (rest != 0) {
        // The last character carries 4 (rest 2) or 2 (rest 3) unused low bits: they must be 0.
        const int unusedMask = rest == 2 ? 0x0f : 0x03;
        if (sextet(text.back()) & unusedMask)
            return tokenError(TokenErrorCode::BadBase64,
                              u"non-canonical base64url (unused trailing bits set)"_s);
    }
    auto result = QByteArray::fromBase64Encoding(text.toByteArray(),
                                                 QByteArray::Base64UrlEncoding |
                                                     QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return tokenError(TokenErrorCode::BadBase64, u"invalid base64url"_s);
    return std::move(result.decoded);
}

} // namespace pc
