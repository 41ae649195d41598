#include "token/tokenerror.h"

using namespace Qt::StringLiterals;

namespace pc {

TokenError::TokenError(TokenErrorCode code, QString message)
    : m_code(code)
    , m_message(std::move(message)) {}

QString TokenError::toString() const {
    return code() + u": "_s + m_message;
}

QJsonObject TokenError::toJson() const {
    return QJsonObject{{u"error"_s, code()}, {u"detail"_s, m_message}};
}

QString TokenError::codeString(TokenErrorCode code) {
    switch (code) {
    case TokenErrorCode::Malformed:
        return u"malformed"_s;
    case TokenErrorCode::TooLarge:
        return u"too_large"_s;
    case TokenErrorCode::BadBase64:
        return u"bad_base64"_s;
    case TokenErrorCode::BadJson:
        return u"bad_json"_s;
    case TokenErrorCode::DuplicateMember:
        return u"duplicate_member"_s;
    case TokenErrorCode::BadHeader:
        return u"bad_header"_s;
    case TokenErrorCode::AlgNone:
        return u"alg_none"_s;
    case TokenErrorCode::AlgNotAllowed:
        return u"alg_not_allowed"_s;
    case TokenErrorCode::UnknownKid:
        return u"unknown_kid"_s;
    case TokenErrorCode::CritUnsupported:
        return u"crit_unsupported"_s;
    case TokenErrorCode::BadSignature:
        return u"bad_signature"_s;
    case TokenErrorCode::KeyConfusion:
        return u"key_confusion"_s;
    case TokenErrorCode::BadClaimType:
        return u"bad_claim_type"_s;
    case TokenErrorCode::MissingClaim:
        return u"missing_claim"_s;
    case TokenErrorCode::BadClaimValue:
        return u"bad_claim_value"_s;
    case TokenErrorCode::Expired:
        return u"expired"_s;
    case TokenErrorCode::NotYetValid:
        return u"not_yet_valid"_s;
    case TokenErrorCode::IssuedInFuture:
        return u"issued_in_future"_s;
    case TokenErrorCode::WrongUpstream:
        return u"wrong_upstream"_s;
    case TokenErrorCode::WrongAudience:
        return u"wrong_audience"_s;
    case TokenErrorCode::WrongIssuer:
        return u"wrong_issuer"_s;
    case TokenErrorCode::BadLink:
        return u"bad_link"_s;
    case TokenErrorCode::BadKey:
        return u"bad_key"_s;
    case TokenErrorCode::KeyFileIo:
        return u"key_file_io"_s;
    case TokenErrorCode::SignFailed:
        return u"sign_failed"_s;
    }
    return u"unknown"_s;
}

} // namespace pc
