// Issue 8, point 9: browser mode must not put every BMC on one origin. Service workers
// are refused; with browser.sessionDomain each session lives on its own origin
// https://<label>.<sessionDomain>[:port], reached by a redirect from /gpsession on any
// host name, with a host-only cookie; another session's token there is 403 wrong_origin.
#include "gatewayfixture.h"
#include "httpsclient.h"

#include <QRegularExpression>
#include <QUrl>
#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using testsupport::httpsExchange;

namespace {

constexpr auto kDomain = "sessions.localhost";

GatewayFixture::Options perSession() {
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    options.config = QJsonObject{
        {u"browser"_s, QJsonObject{{u"sessionDomain"_s, QString::fromLatin1(kDomain)}}}};
    return options;
}

testsupport::RawReply request(quint16 port, const QByteArray &host, const QByteArray &target,
                              const QByteArray &token = {}, const QByteArray &extra = {}) {
    QByteArray head = "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n";
    if (!token.isEmpty())
        head += "Cookie: pm-session=" + token + "\r\n";
    return httpsExchange(port, head + extra + "Connection: close\r\n\r\n");
}

QString errorOf(const testsupport::RawReply &reply) {
    return reply.json().value(u"error"_s).toString();
}

} // namespace

TEST_CASE("origins: a BMC page cannot register a service worker on the gateway") {
    GatewayFixture::Options options;
    options.platform = u"generic"_s;
    GatewayFixture gw(options);
    REQUIRE(gw.ok());
    const QByteArray token = gw.mint({{u"platform"_s, u"generic"_s}});
    const QByteArray host = "localhost:" + QByteArray::number(gw.gatewayPort());
    const auto worker =
        request(gw.gatewayPort(), host, "/sw.js", token, "Service-Worker: script\r\n");
    CHECK(worker.status == 403);
    CHECK(errorOf(worker) == u"service_worker_refused"_s);
    // The same script fetched as a script is fine.
    CHECK(request(gw.gatewayPort(), host, "/redfish/v1", token).status == 200);
}

TEST_CASE("origins: /gpsession sends each session to its own origin with a host-only cookie") {
    GatewayFixture gw(perSession());
    REQUIRE(gw.ok());
    const QByteArray port = QByteArray::number(gw.gatewayPort());
    const QByteArray a = gw.mint({{u"platform"_s, u"generic"_s}, {u"sub"_s, u"a"_s}});
    const QByteArray b = gw.mint({{u"platform"_s, u"generic"_s}, {u"sub"_s, u"b"_s}});

    // The link as the platform hands it out: on the gateway's own name.
    const auto first = request(gw.gatewayPort(), "localhost:" + port, "/gpsession?token=" + a);
    REQUIRE(first.status == 302);
    CHECK(first.headers.value("Set-Cookie").isEmpty()); // not on the shared origin
    const QUrl there(QString::fromLatin1(first.headers.value("Location")));
    INFO(there.toString().toStdString());
    CHECK(there.scheme() == u"https"_s);
    CHECK(there.port() == gw.gatewayPort());
    const QString hostA = there.host();
    CHECK(hostA.endsWith(u".sessions.localhost"_s));
    const QString label = hostA.section(u'.', 0, 0);
    CHECK(label.size() <= 63);
    CHECK(label.contains(QRegularExpression(u"^[a-z0-9]+$"_s)));
    const QByteArray originA = hostA.toLatin1() + ":" + port;

    // On its own origin: the cookie, host-only (no Domain), then /.
    const auto set = request(gw.gatewayPort(), originA,
                             there.path(QUrl::FullyEncoded).toLatin1() + "?" +
                                 there.query(QUrl::FullyEncoded).toLatin1());
    REQUIRE(set.status == 302);
    CHECK(set.headers.value("Location") == "/");
    const QByteArray cookie = set.headers.value("Set-Cookie");
    CHECK(cookie.startsWith("pm-session=" + a + ";"));
    CHECK_FALSE(cookie.toLower().contains("domain"));

    CHECK(request(gw.gatewayPort(), originA, "/redfish/v1", a).status == 200);
    // Session B's origin differs, and B's token on A's origin is refused.
    const auto toB = request(gw.gatewayPort(), "127.0.0.1:" + port, "/gpsession?token=" + b);
    REQUIRE(toB.status == 302);
    const QString hostB = QUrl(QString::fromLatin1(toB.headers.value("Location"))).host();
    CHECK(hostB != hostA);
    CHECK(hostB.endsWith(u".sessions.localhost"_s));
    const auto crossed = request(gw.gatewayPort(), originA, "/redfish/v1", b);
    CHECK(crossed.status == 403);
    CHECK(errorOf(crossed) == u"wrong_origin"_s);
    CHECK(request(gw.gatewayPort(), hostB.toLatin1() + ":" + port, "/redfish/v1", b).status == 200);
    // The gateway's shared name serves no BMC page any more.
    const auto shared = request(gw.gatewayPort(), "localhost:" + port, "/redfish/v1", a);
    CHECK(shared.status == 403);
    CHECK(errorOf(shared) == u"wrong_origin"_s);
}
