// libFuzzer target for the token module: the input is tried as a deep link, as a token
// (against a fixed HS256 secret and a fixed EC P-256 public key), as the payload of a
// correctly signed token (so claim validation is reached past the signature check), and
// as a claims object directly, and (when short) as the content of a --key FILE.
#include "token/gpsessionclaims.h"
#include "token/gpsessionlink.h"
#include "token/jwkparser.h"
#include "token/jws.h"
#include "token/keyloader.h"
#include "token/strictjson.h"
#include "token/tokenverifier.h"
#include "util/clock.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;

namespace {

struct Fixture {
    pc::JwtKey hmac;
    pc::TokenVerifier verifier{pc::TokenVerifierOptions{}};
};

// Built once: key parsing is not what this target exercises.
const Fixture &fixture() {
    static const Fixture f = [] {
        Fixture made;
        pc::KeySet keys;
        made.hmac = pc::JwtKey::fromHmacSecret("fuzz-token-hmac-secret-0123456789").value();
        made.hmac.setKid(u"hs"_s);
        (void)keys.add(made.hmac);
        // RFC 7515 A.3's public key.
        pc::JwtKey ec = pc::JwkParser::parseKey(
                            QJsonObject{{u"kty"_s, u"EC"_s},
                                        {u"crv"_s, u"P-256"_s},
                                        {u"kid"_s, u"ec"_s},
                                        {u"x"_s, u"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"_s},
                                        {u"y"_s, u"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"_s}})
                            .value();
        (void)keys.add(ec);
        // A fixed time, so that the same input always takes the same path.
        struct FixedClock : pc::Clock {
            qint64 msecsSinceEpoch() const override { return 1'700'000'000'000; }
        };
        pc::TokenVerifierOptions options;
        options.keys = keys;
        options.clock = std::make_shared<FixedClock>();
        made.verifier = pc::TokenVerifier(options);
        return made;
    }();
    return f;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const Fixture &f = fixture();
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    (void)pc::GpsessionLink::parse(QString::fromUtf8(bytes));
    (void)f.verifier.verify(QByteArrayView(bytes));
    (void)f.verifier.verify(QStringView(QString::fromLatin1(bytes)));

    if (bytes.size() <= 8 * 1024) {
        auto token = pc::Jws::sign(bytes, f.hmac, pc::JwsAlgorithm::HS256);
        if (token)
            (void)f.verifier.verify(QByteArrayView(*token));
        if (auto object = pc::StrictJson::parseObject(bytes, u"fuzz input"_s))
            (void)pc::GpsessionClaims::fromJson(*object);
    }
    // Key files are configuration, not attacker input, but their parsers drive OpenSSL
    // by hand (JWK members, PEM blocks): bounded so big RSA checks do not dominate.
    if (bytes.size() <= 2048)
        (void)pc::KeyLoader::fromContent(bytes);
    return 0;
}
