#pragma once

#include "util/expected.h"

#include <QJsonObject>
#include <QString>
#include <variant>

namespace pc {

// Why a token, a link or a key was refused. Each reason has a stable string code
// (code()), which the gateway prints, returns in JSON errors and counts refusals by.
enum class TokenErrorCode {
    // token structure and encoding
    Malformed,       // not three dot-separated segments, non-ASCII, empty segment
    TooLarge,        // over Jws::MaxTokenSize, refused before any decoding
    BadBase64,       // not canonical unpadded base64url
    BadJson,         // header/payload not a JSON object
    DuplicateMember, // the same member twice in one JSON object
    BadHeader,       // alg missing/not a string, typ not "JWT", kid not a string
    // algorithms and keys
    AlgNone,         // "alg":"none" in any letter case
    AlgNotAllowed,   // unknown algorithm, or no key configured for it
    UnknownKid,      // kid present and no key has it
    CritUnsupported, // a "crit" header: we understand no extensions
    BadSignature,    // the signature does not verify
    KeyConfusion,    // asymmetric key material offered as an HMAC secret (RFC 8725 §2.1)
    // claims
    BadClaimType,  // e.g. exp as a string
    MissingClaim,  // exp, ip or upstream absent
    BadClaimValue, // out of range, unknown platform, implausible host
    Expired,
    NotYetValid,
    IssuedInFuture, // iat later than now + leeway
    WrongUpstream,  // upstream host is not this gateway
    WrongAudience,  // an expected audience was configured and aud lacks it
    WrongIssuer,    // issuers were configured and iss is absent or not one of them
    // links, key files, signing
    BadLink,    // not one of the three accepted link forms
    BadKey,     // a key file/JWK/PEM that cannot be used
    KeyFileIo,  // a key file that cannot be read
    SignFailed, // minting failed (no private key, OpenSSL error)
};

class TokenError {
public:
    TokenError(TokenErrorCode code, QString message);

    TokenErrorCode reason() const { return m_code; }
    // Stable machine-readable code, e.g. "expired", "bad_signature", "alg_none".
    QString code() const { return codeString(m_code); }
    // Human-readable explanation; never contains a token, secret or key material.
    const QString &message() const { return m_message; }
    // "code: message", for one-line logs and CLI output.
    QString toString() const;
    // {"error": code, "detail": message}, the gateway's JSON error shape.
    QJsonObject toJson() const;

    static QString codeString(TokenErrorCode code);

private:
    TokenErrorCode m_code;
    QString m_message;
};

// Result of an operation that returns nothing but may fail.
using TokenStatus = Expected<std::monostate, TokenError>;

inline Unexpected<TokenError> tokenError(TokenErrorCode code, QString message) {
    return unexpected(TokenError(code, std::move(message)));
}

} // namespace pc
