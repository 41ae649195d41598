#pragma once

// Shared fixtures of the rewriting tests: a gateway at https://gw.example.com:8443 in
// front of a BMC at 10.0.0.5:443, browser requests and BMC responses as they arrive.

#include "http/httprequesthead.h"
#include "http/httpresponsehead.h"
#include "rewrite/bodyrewriter.h"
#include "rewrite/rewritecontext.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <catch2/catch.hpp>
#include <string>

namespace rt {

inline constexpr const char *kPublicHost = "gw.example.com:8443";
inline constexpr const char *kPublicOrigin = "https://gw.example.com:8443";
inline constexpr const char *kBmcOrigin = "https://10.0.0.5";
inline constexpr const char *kClient = "198.51.100.7";

pc::RewriteContext context(pc::Platform platform, const char *hostHeader = kPublicHost,
                           bool secure = true, const QString &bmcHost = QStringLiteral("10.0.0.5"),
                           quint16 bmcPort = 443);

pc::HttpRequestHead request(const QByteArray &method, const QByteArray &target,
                            pc::HttpHeaders headers);
// A browser's WebSocket upgrade: Connection: Upgrade, Upgrade: websocket, Sec-WebSocket-*.
pc::HttpRequestHead upgrade(const QByteArray &target, pc::HttpHeaders extra = {});

pc::HttpResponseHead response(int status, pc::HttpHeaders headers,
                              pc::HttpBodyFraming::Kind kind = pc::HttpBodyFraming::Kind::Length,
                              quint64 length = 100);

// The body through a fresh filter in one piece / in two pieces split at `at` / one byte
// at a time.
QByteArray filterWhole(const pc::BodyRewriter &prototype, const QByteArray &body);
QByteArray filterSplit(const pc::BodyRewriter &prototype, const QByteArray &body, qsizetype at);
QByteArray filterBytewise(const pc::BodyRewriter &prototype, const QByteArray &body);

// What bmcsim checks before routing (tests/bmcsim/bmcsim/personality.cpp,
// platformrules.cpp), as a list of refusal reasons ("host-mismatch", ...); empty when
// the emulated BMC would accept the request. Lets each platform's test show that the
// browser's request as sent is refused and the rewritten one accepted.
QStringList simRefusals(pc::Platform platform, const pc::HttpRequestHead &head,
                        const QByteArray &bmcAuthority = "10.0.0.5");

std::string str(QByteArrayView bytes);

} // namespace rt

// Readable failure messages for header sections: {Name: value, ...}.
namespace Catch {
template <> struct StringMaker<pc::HttpHeaders> {
    static std::string convert(const pc::HttpHeaders &headers);
};
} // namespace Catch
